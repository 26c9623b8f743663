import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { importLimits } from './directory-imports';

/** Content types an upload of a CSV file may carry (browsers send Excel's for .csv on Windows). */
export const csvContentTypes = ['text/csv', 'application/vnd.ms-excel', 'application/octet-stream'];

/**
 * Lets Fastify accept CSV bodies as raw bytes (decoding is the import's business, the file may
 * be Shift_JIS), with their own size limit: the service-wide 1 MiB limit stays for JSON, a
 * file above importLimits.maximumBytes is refused with 413 before it is read.
 */
@Injectable()
export class CsvBodyParser implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addContentTypeParser(csvContentTypes, { parseAs: 'buffer', bodyLimit: importLimits.maximumBytes }, (_request, body, done) => done(null, body));
  }
}
