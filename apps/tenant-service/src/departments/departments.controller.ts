import { AccessTokenGuard, CurrentPrincipal, Principal, Roles } from '@anpi/auth-guard';
import { ZodValidationPipe } from '@anpi/service-bootstrap';
import { Body, Controller, Delete, Get, HttpCode, Ip, Param, ParseUUIDPipe, Patch, Post, UseGuards } from '@nestjs/common';
import { directoryRoles } from '../access/caller';
import { CreateDepartment, createDepartmentSchema, DepartmentView, UpdateDepartment, updateDepartmentSchema } from './department-schemas';
import { ManageDepartments } from './manage-departments';

@Controller('v1/directory/departments')
@UseGuards(AccessTokenGuard)
export class DepartmentsController {
  constructor(private readonly departments: ManageDepartments) {}

  @Get()
  @Roles(...directoryRoles.readers)
  async list(@CurrentPrincipal() principal: Principal, @Ip() ip: string): Promise<{ items: DepartmentView[] }> {
    return { items: await this.departments.list({ principal, ip }) };
  }

  @Get(':id')
  @Roles(...directoryRoles.readers)
  get(@CurrentPrincipal() principal: Principal, @Ip() ip: string, @Param('id', new ParseUUIDPipe()) id: string): Promise<DepartmentView> {
    return this.departments.get({ principal, ip }, id);
  }

  @Post()
  @Roles(...directoryRoles.administrators)
  create(@CurrentPrincipal() principal: Principal, @Ip() ip: string, @Body(new ZodValidationPipe(createDepartmentSchema)) command: CreateDepartment): Promise<DepartmentView> {
    return this.departments.create({ principal, ip }, command);
  }

  @Patch(':id')
  @Roles(...directoryRoles.administrators)
  update(
    @CurrentPrincipal() principal: Principal,
    @Ip() ip: string,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body(new ZodValidationPipe(updateDepartmentSchema)) patch: UpdateDepartment,
  ): Promise<DepartmentView> {
    return this.departments.update({ principal, ip }, id, patch);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles(...directoryRoles.administrators)
  delete(@CurrentPrincipal() principal: Principal, @Ip() ip: string, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    return this.departments.delete({ principal, ip }, id);
  }
}
