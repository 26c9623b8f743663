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
    expect(detailsOf(() => new ZodValidationPipe(query).transform({ mode: 'later' }, { type: 'query' }))).toEqual([{ path: 'mode', message: expect.any(String), rule: 'one-of', options: ['apply', 'dry_run'] }]);
  });

  it('reports a problem with the whole value under where it came from, not always the body', () => {
    const pipe = new ZodValidationPipe(query);
    expect(detailsOf(() => pipe.transform({ mode: 'apply', dryRun: 'true' }, { type: 'query' }))).toEqual([{ path: '(query)', message: expect.stringMatching(/dryRun/), rule: 'unknown-fields', fields: ['dryRun'] }]);
    expect(detailsOf(() => pipe.transform({ mode: 'apply', dryRun: 'true' }, { type: 'body' }))).toEqual([{ path: '(body)', message: expect.stringMatching(/dryRun/), rule: 'unknown-fields', fields: ['dryRun'] }]);
    expect(detailsOf(() => new ZodValidationPipe(z.enum(['email', 'sms'])).transform('fax', { type: 'param', data: 'channel' }))).toEqual([{ path: 'channel', message: expect.any(String), rule: 'one-of', options: ['email', 'sms'] }]);
  });

  it('uses the name it was given when called directly, e.g. for a header', () => {
    const header = new ZodValidationPipe(z.string().min(8).optional(), 'Idempotency-Key');
    expect(detailsOf(() => header.transform('short'))).toEqual([{ path: 'Idempotency-Key', message: expect.stringMatching(/8/), rule: 'too-short', minimum: 8 }]);
    expect(header.transform(undefined)).toBeUndefined();
  });

  it('says which rule each field broke, so a client can put it in its own words', () => {
    const employee = z.strictObject({
      employeeNumber: z.string().trim().min(1).max(32),
      nameKana: z.string().regex(/^[ァ-ヶー]+$/, 'kana only'),
      companyEmail: z.email().nullable(),
      privateEmails: z.array(z.email()).max(3),
      workPrefecture: z.string(),
      tags: z.array(z.string()).min(1),
      priority: z.number().int().max(9),
      note: z.string().refine((text) => !text.includes('<'), 'no markup'),
    });
    const details = detailsOf(() =>
      new ZodValidationPipe(employee).transform(
        { employeeNumber: ' ', nameKana: 'taro', companyEmail: 'not-an-address', privateEmails: ['a@b.jp', 'c@d.jp', 'e@f.jp', 'g@h.jp'], tags: [], priority: 10, note: '<b>', extra: 1 },
        { type: 'body' },
      ),
    );
    expect(details).toEqual([
      { path: 'employeeNumber', message: expect.any(String), rule: 'required' },
      { path: 'nameKana', message: 'kana only', rule: 'format', format: 'pattern' },
      { path: 'companyEmail', message: expect.any(String), rule: 'format', format: 'email' },
      { path: 'privateEmails', message: expect.any(String), rule: 'too-many', maximum: 3 },
      { path: 'workPrefecture', message: expect.any(String), rule: 'required' },
      { path: 'tags', message: expect.any(String), rule: 'too-few', minimum: 1 },
      { path: 'priority', message: expect.any(String), rule: 'too-large', maximum: 9 },
      { path: 'note', message: 'no markup' },
      { path: '(body)', message: expect.stringMatching(/extra/), rule: 'unknown-fields', fields: ['extra'] },
    ]);
    expect(detailsOf(() => new ZodValidationPipe(z.strictObject({ name: z.string().max(5) })).transform({ name: 42 }, { type: 'body' }))).toEqual([
      { path: 'name', message: expect.any(String), rule: 'type', expected: 'string' },
    ]);
    expect(detailsOf(() => new ZodValidationPipe(z.strictObject({ name: z.string().max(5) })).transform({ name: 'ななもじのなまえ' }, { type: 'body' }))).toEqual([
      { path: 'name', message: expect.any(String), rule: 'too-long', maximum: 5 },
    ]);
  });
});
