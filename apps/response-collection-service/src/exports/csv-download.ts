import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { csvEncodingSchema, csvHeaders, encodeCsv } from './csv-file';

export const csvDownloadQuerySchema = z
  .object({
    encoding: csvEncodingSchema.default('utf-8'),
    lang: z.enum(['ja', 'en']).default('ja'),
  })
  .strict();

export type CsvDownloadQuery = z.infer<typeof csvDownloadQuerySchema>;

/** Streams CSV lines to the client in the asked encoding. */
export function sendCsv(reply: FastifyReply, fileName: string, encoding: CsvDownloadQuery['encoding'], lines: AsyncIterable<string>): FastifyReply {
  return reply.status(200).headers(csvHeaders(fileName, encoding)).send(encodeCsv(lines, encoding));
}

export async function* fromArray(lines: readonly string[]): AsyncGenerator<string> {
  yield* lines;
}
