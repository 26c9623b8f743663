import { AccessTokenGuard, CurrentPrincipal, Principal, Roles } from '@anpi/auth-guard';
import { ZodValidationPipe } from '@anpi/service-bootstrap';
import { Body, Controller, Delete, Get, HttpCode, Ip, Param, ParseUUIDPipe, Patch, Post, Put, UseGuards } from '@nestjs/common';
import { directoryRoles } from '../access/caller';
import { CreateGroup, createGroupSchema, GroupView, ReplaceMembers, replaceMembersSchema, UpdateGroup, updateGroupSchema } from './group-schemas';
import { ManageGroups } from './manage-groups';

@Controller('v1/directory/groups')
@UseGuards(AccessTokenGuard)
export class GroupsController {
  constructor(private readonly groups: ManageGroups) {}

  @Get()
  @Roles(...directoryRoles.readers)
  async list(@CurrentPrincipal() principal: Principal, @Ip() ip: string): Promise<{ items: GroupView[] }> {
    return { items: await this.groups.list({ principal, ip }) };
  }

  @Get(':id')
  @Roles(...directoryRoles.readers)
  get(@CurrentPrincipal() principal: Principal, @Ip() ip: string, @Param('id', new ParseUUIDPipe()) id: string): Promise<GroupView> {
    return this.groups.get({ principal, ip }, id);
  }

  @Get(':id/members')
  @Roles(...directoryRoles.readers)
  members(@CurrentPrincipal() principal: Principal, @Ip() ip: string, @Param('id', new ParseUUIDPipe()) id: string): Promise<{ employeeIds: string[] }> {
    return this.groups.members({ principal, ip }, id);
  }

  @Post()
  @Roles(...directoryRoles.administrators)
  create(@CurrentPrincipal() principal: Principal, @Ip() ip: string, @Body(new ZodValidationPipe(createGroupSchema)) command: CreateGroup): Promise<GroupView> {
    return this.groups.create({ principal, ip }, command);
  }

  @Patch(':id')
  @Roles(...directoryRoles.administrators)
  update(
    @CurrentPrincipal() principal: Principal,
    @Ip() ip: string,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body(new ZodValidationPipe(updateGroupSchema)) patch: UpdateGroup,
  ): Promise<GroupView> {
    return this.groups.update({ principal, ip }, id, patch);
  }

  @Put(':id/members')
  @Roles(...directoryRoles.administrators)
  replaceMembers(
    @CurrentPrincipal() principal: Principal,
    @Ip() ip: string,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body(new ZodValidationPipe(replaceMembersSchema)) command: ReplaceMembers,
  ): Promise<GroupView> {
    return this.groups.replaceMembers({ principal, ip }, id, command);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles(...directoryRoles.administrators)
  delete(@CurrentPrincipal() principal: Principal, @Ip() ip: string, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    return this.groups.delete({ principal, ip }, id);
  }
}
