import { newBoardPostSchema } from './message-board';

describe('board post bodies', () => {
  it('keeps plain text with line breaks, trimmed, counting characters', () => {
    expect(newBoardPostSchema.parse({ body: '  本社は無事です\r\n<b>集合</b>は不要  ' })).toEqual({ body: '本社は無事です\n<b>集合</b>は不要' });
    expect(newBoardPostSchema.safeParse({ body: 'あ'.repeat(1000) }).success).toBe(true);
  });

  it.each([
    ['empty', { body: '   ' }],
    ['over 1000 characters', { body: 'あ'.repeat(1001) }],
    ['control characters', { body: 'bell\u0007' }],
    ['not text', { body: 42 }],
    ['extra fields', { body: 'ok', pinned: true }],
  ])('refuses a body that is %s', (_case, input) => {
    expect(newBoardPostSchema.safeParse(input).success).toBe(false);
  });
});
