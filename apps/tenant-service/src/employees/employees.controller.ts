import { AccessTokenGuard, CurrentPrincipal, Principal, Roles } from '@anpi/auth-guard';
import { ZodValidationPipe } from '@anpi/service-bootstrap';
import { Body, Controller, Delete, Get, HttpCode, Ip, Param, ParseUUIDPipe, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { directoryRoles } from '../access/caller';
import { createEmployeeSchema, EmployeeInput, EmployeePatch, ListEmployeesQuery, listEmployeesQuerySchema, updateEmployeeSchema } from './employee-schemas';
import { EmployeeDirectoryView, EmployeeFullView } from './employee-views';
import { EmployeePage, ManageEmployees } from './manage-employees';

@Controller('v1/directory/employees')
@UseGuards(AccessTokenGuard)
export class EmployeesController {
  constructor(private readonly employees: ManageEmployees) {}

  @Get()
  @Roles(...directoryRoles.readers)
  list(@CurrentPrincipal() principal: Principal, @Ip() ip: string, @Query(new ZodValidationPipe(listEmployeesQuerySchema)) query: ListEmployeesQuery): Promise<EmployeePage> {
    return this.employees.list({ principal, ip }, query);
  }

  @Get(':id')
  @Roles(...directoryRoles.readers)
  get(@CurrentPrincipal() principal: Principal, @Ip() ip: string, @Param('id', new ParseUUIDPipe()) id: string): Promise<EmployeeDirectoryView | EmployeeFullView> {
    return this.employees.get({ principal, ip }, id);
  }

  @Post()
  @Roles(...directoryRoles.editors)
  create(@CurrentPrincipal() principal: Principal, @Ip() ip: string, @Body(new ZodValidationPipe(createEmployeeSchema)) input: EmployeeInput): Promise<EmployeeFullView> {
    return this.employees.create({ principal, ip }, input);
  }

  @Patch(':id')
  @Roles(...directoryRoles.editors)
  update(
    @CurrentPrincipal() principal: Principal,
    @Ip() ip: string,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body(new ZodValidationPipe(updateEmployeeSchema)) patch: EmployeePatch,
  ): Promise<EmployeeFullView> {
    return this.employees.update({ principal, ip }, id, patch);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles(...directoryRoles.editors)
  delete(@CurrentPrincipal() principal: Principal, @Ip() ip: string, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    return this.employees.delete({ principal, ip }, id);
  }
}
