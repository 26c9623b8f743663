import { AccessTokenGuard, CurrentPrincipal, Principal, Roles } from '@anpi/auth-guard';
import { ZodValidationPipe } from '@anpi/service-bootstrap';
import { Body, Controller, Get, HttpCode, Ip, Param, ParseUUIDPipe, Post, Query, Res, UnsupportedMediaTypeException, UseGuards } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { directoryRoles } from '../access/caller';
import { csvContentTypes } from './csv-body-parser';
import { ExportQuery, exportQuerySchema, ListImportsQuery, listImportsQuerySchema, StartImportQuery, startImportQuerySchema } from './directory-csv-schemas';
import { DirectoryImports } from './directory-imports';
import { ExportDirectory } from './export-directory';
import { ImportJobView } from './import-job-store';

/** CSV import (as jobs) and export of the directory; both carry every contact, so admins only. */
@Controller('v1/directory')
@UseGuards(AccessTokenGuard)
export class DirectoryCsvController {
  constructor(
    private readonly imports: DirectoryImports,
    private readonly exports: ExportDirectory,
  ) {}

  @Post('imports')
  @HttpCode(202)
  @Roles(...directoryRoles.administrators)
  start(@CurrentPrincipal() principal: Principal, @Ip() ip: string, @Query(new ZodValidationPipe(startImportQuerySchema)) query: StartImportQuery, @Body() body: unknown): Promise<ImportJobView> {
    if (!Buffer.isBuffer(body)) throw new UnsupportedMediaTypeException(`send the file as the body, with content type ${csvContentTypes.join(', ')}`);
    return this.imports.start({ principal, ip }, body, query);
  }

  @Get('imports')
  @Roles(...directoryRoles.administrators)
  list(@CurrentPrincipal() principal: Principal, @Ip() ip: string, @Query(new ZodValidationPipe(listImportsQuerySchema)) query: ListImportsQuery): Promise<{ items: ImportJobView[] }> {
    return this.imports.list({ principal, ip }, query.limit).then((items) => ({ items }));
  }

  @Get('imports/:id')
  @Roles(...directoryRoles.administrators)
  get(@CurrentPrincipal() principal: Principal, @Ip() ip: string, @Param('id', new ParseUUIDPipe()) id: string): Promise<ImportJobView> {
    return this.imports.get({ principal, ip }, id);
  }

  @Get('exports/employees.csv')
  @Roles(...directoryRoles.administrators)
  async export(
    @CurrentPrincipal() principal: Principal,
    @Ip() ip: string,
    @Query(new ZodValidationPipe(exportQuerySchema)) query: ExportQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    return attachment(reply, 'employees.csv', query, await this.exports.csv({ principal, ip }, query));
  }

  @Get('exports/departments.csv')
  @Roles(...directoryRoles.administrators)
  async exportDepartments(
    @CurrentPrincipal() principal: Principal,
    @Ip() ip: string,
    @Query(new ZodValidationPipe(exportQuerySchema)) query: ExportQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    return attachment(reply, 'departments.csv', query, await this.exports.departmentsCsv({ principal, ip }, query));
  }
}

function attachment(reply: FastifyReply, fileName: string, query: ExportQuery, file: Buffer): Buffer {
  void reply.header('content-type', `text/csv; charset=${query.encoding === 'utf-8' ? 'utf-8' : 'shift_jis'}`);
  void reply.header('content-disposition', `attachment; filename="${fileName}"`);
  void reply.header('cache-control', 'no-store');
  return file;
}
