import { ArgumentMetadata, BadRequestException, PipeTransform } from '@nestjs/common';
import { z } from 'zod';
import { fieldProblemsOf } from './field-problems';

/**
 * Validates a body, query, param or header against a strict zod schema. Unknown fields are
 * refused (strict objects), and every problem is reported with its field path; a problem with
 * the value as a whole (an unknown query field, a header that is too short) is reported under
 * where the value came from — `(body)`, `(query)`, the param's name, or the name given here —
 * so a client is never told to fix its body when its query or a header was wrong. Each problem
 * also says which rule it broke (`rule`, see FieldProblem), for clients that translate.
 */
export class ZodValidationPipe<TSchema extends z.ZodType> implements PipeTransform<unknown, z.infer<TSchema>> {
  /** `source`: what the value is, for pipes called directly (e.g. `'Idempotency-Key'` for a header). */
  constructor(
    private readonly schema: TSchema,
    private readonly source?: string,
  ) {}

  transform(value: unknown, metadata?: ArgumentMetadata): z.infer<TSchema> {
    // The input is reported only so that a missing field can be told from a wrong type; it never leaves this pipe.
    const result = this.schema.safeParse(value, { reportInput: true });
    if (!result.success) {
      throw new BadRequestException({ error: 'Bad Request', message: 'validation failed', details: fieldProblemsOf(result.error.issues, this.source ?? sourceOf(metadata)) });
    }
    return result.data;
  }
}

function sourceOf(metadata: ArgumentMetadata | undefined): string {
  if (metadata?.data) return metadata.data;
  return `(${metadata?.type === 'query' || metadata?.type === 'param' ? metadata.type : 'body'})`;
}
