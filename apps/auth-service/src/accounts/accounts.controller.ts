import { AccessTokenGuard, CurrentPrincipal, InternalServiceGuard, Principal, Roles } from '@anpi/auth-guard';
import { EventEnvelope, TenantCreatedV1, TOPICS } from '@anpi/contracts';
import { KafkaEventContext } from '@anpi/messaging';
import { runInTenantTransaction } from '@anpi/persistence';
import { ZodValidationPipe } from '@anpi/service-bootstrap';
import { Body, Controller, Get, HttpCode, NotFoundException, Param, ParseUUIDPipe, Post, Put, UseGuards } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import { DisableAccount } from '../offboarding/disable-account';
import { accountViewOf } from './account-view';
import { Account } from './account.entity';
import { DirectoryPersonCommand, directoryPersonCommandSchema, DirectoryPersonLink } from './directory-person-link';
import { ProvisionOwnerAccount } from './provision-owner-account';
import { ResendInvitation } from './resend-invitation';
import { TeamMembers } from './team-members';

@Controller()
export class AccountsController {
  constructor(
    private readonly provisionOwner: ProvisionOwnerAccount,
    private readonly disableAccount: DisableAccount,
    private readonly teamMembers: TeamMembers,
    private readonly resendInvitation: ResendInvitation,
    private readonly directoryPersonLink: DirectoryPersonLink,
    private readonly dataSource: DataSource,
  ) {}

  @EventPattern(TOPICS.tenantCreated.name)
  async onTenantCreated(@Payload() event: EventEnvelope<TenantCreatedV1>, @Ctx() context: KafkaEventContext): Promise<void> {
    await this.provisionOwner.execute(context.manager, event.payload);
  }

  /** Accounts of a tenant without personal data, for other services and operators' checks. */
  @Get('internal/v1/tenants/:tenantId/accounts')
  @UseGuards(InternalServiceGuard)
  async listAccounts(@Param('tenantId', new ParseUUIDPipe()) tenantId: string) {
    const accounts = await runInTenantTransaction(this.dataSource, tenantId, (manager) =>
      manager.getRepository(Account).find({ order: { createdAt: 'ASC' } }),
    );
    return accounts.map(({ id, role, status, createdAt }) => ({ id, role, status, createdAt }));
  }

  /** The console's team screen: every account of the caller's own company, with name and e-mail. */
  @Get('v1/accounts')
  @UseGuards(AccessTokenGuard)
  @Roles('owner', 'admin')
  async listTeam(@CurrentPrincipal() principal: Principal) {
    return { items: await this.teamMembers.list(principal) };
  }

  /** One account of the caller's own company; another company's id is simply not found. */
  @Get('v1/accounts/:accountId')
  @UseGuards(AccessTokenGuard)
  @Roles('owner', 'admin')
  async getAccount(@CurrentPrincipal() principal: Principal, @Param('accountId', new ParseUUIDPipe()) accountId: string) {
    const account = await runInTenantTransaction(this.dataSource, principal.tenantId, (manager) => manager.getRepository(Account).findOneBy({ id: accountId }));
    if (!account) throw new NotFoundException('no such account in your company');
    return accountViewOf(account);
  }

  /** Which person of the directory the account belongs to (`employeeId: null` unlinks); answers like GET. */
  @Put('v1/accounts/:accountId/directory-person')
  @UseGuards(AccessTokenGuard)
  @Roles('owner', 'admin')
  linkDirectoryPerson(
    @CurrentPrincipal() principal: Principal,
    @Param('accountId', new ParseUUIDPipe()) accountId: string,
    @Body(new ZodValidationPipe(directoryPersonCommandSchema)) command: DirectoryPersonCommand,
  ) {
    return this.directoryPersonLink.execute(principal, accountId, command);
  }

  @Post('v1/accounts/:accountId/disable')
  @HttpCode(200)
  @UseGuards(AccessTokenGuard)
  @Roles('owner', 'admin')
  disable(@CurrentPrincipal() principal: Principal, @Param('accountId', new ParseUUIDPipe()) accountId: string) {
    return this.disableAccount.execute(principal, accountId);
  }

  /** A new single-use link for an invitation not yet accepted (the old links stop working). */
  @Post('v1/accounts/:accountId/invitation')
  @HttpCode(200)
  @UseGuards(AccessTokenGuard)
  @Roles('owner', 'admin')
  resendInvitationOf(@CurrentPrincipal() principal: Principal, @Param('accountId', new ParseUUIDPipe()) accountId: string) {
    return this.resendInvitation.execute(principal, accountId);
  }
}
