import { sameAnswers } from './record-answer.use-case';

describe('sameAnswers', () => {
  it('treats the same answers in another key order as a repeat', () => {
    expect(sameAnswers({ safety: 'safe', comment: 'ok' }, { comment: 'ok', safety: 'safe' })).toBe(true);
  });

  it('sees a changed, added or removed answer as a change', () => {
    expect(sameAnswers({ safety: 'safe' }, { safety: 'serious_injury' })).toBe(false);
    expect(sameAnswers({ safety: 'safe' }, { safety: 'safe', comment: 'ok' })).toBe(false);
    expect(sameAnswers({ safety: 'safe', comment: 'ok' }, { safety: 'safe' })).toBe(false);
    expect(sameAnswers({ safety: 'safe', toString: 'x' }, { safety: 'safe', constructor: 'x' })).toBe(false);
  });
});
