import { AccessTokenGuard, CurrentPrincipal, Principal, Roles } from '@anpi/auth-guard';
import { Controller, Get, Param, ParseUUIDPipe, UseGuards } from '@nestjs/common';
import { directoryRoles } from '../access/caller';
import { OffboardingView } from './offboarding-view';
import { ReadOffboardingStatus } from './read-offboarding-status';

/** Administrators see when a disabled employee's personal data will be erased. */
@Controller('v1/directory/employees')
@UseGuards(AccessTokenGuard)
@Roles(...directoryRoles.administrators)
export class OffboardingController {
  constructor(private readonly readStatus: ReadOffboardingStatus) {}

  @Get(':id/offboarding')
  status(@CurrentPrincipal() principal: Principal, @Param('id', new ParseUUIDPipe()) id: string): Promise<OffboardingView> {
    return this.readStatus.execute(principal.tenantId, id);
  }
}
