import { BadRequestException } from '@nestjs/common';
import { z } from 'zod';
import { ZodValidationPipe } from './zod-validation.pipe';

function detailsOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestException);
    return ((error as BadRequestException).getResponse() as { details: unknown }).details;
  }
  throw new Error('expected a 400');
}

describe('ZodValidationPipe', () => {
  const query = z.strictObject({ mode: z.enum(['apply', 'dry_run']) });

  it('returns the parsed value', () => {
    expect(new ZodValidationPipe(query).transform({ mode: 'apply' }, { type: 'query' })).toEqual({ mode: 'apply' });
  });

  it('names the field of each problem', () => {
    expect(detailsOf(() => new ZodValidationPipe(query).transform({ mode: 'later' }, { type: 'query' }))).toEqual([{ path: 'mode', message: expect.any(String) }]);
  });

  it('reports a problem with the whole value under where it came from, not always the body', () => {
    const pipe = new ZodValidationPipe(query);
    expect(detailsOf(() => pipe.transform({ mode: 'apply', dryRun: 'true' }, { type: 'query' }))).toEqual([{ path: '(query)', message: expect.stringMatching(/dryRun/) }]);
    expect(detailsOf(() => pipe.transform({ mode: 'apply', dryRun: 'true' }, { type: 'body' }))).toEqual([{ path: '(body)', message: expect.stringMatching(/dryRun/) }]);
    expect(detailsOf(() => new ZodValidationPipe(z.enum(['email', 'sms'])).transform('fax', { type: 'param', data: 'channel' }))).toEqual([{ path: 'channel', message: expect.any(String) }]);
  });

  it('uses the name it was given when called directly, e.g. for a header', () => {
    const header = new ZodValidationPipe(z.string().min(8).optional(), 'Idempotency-Key');
    expect(detailsOf(() => header.transform('short'))).toEqual([{ path: 'Idempotency-Key', message: expect.stringMatching(/8/) }]);
    expect(header.transform(undefined)).toBeUndefined();
  });
});
