import { AlertState, AlertTransitionError, acceptsAnswers, assertTransition } from './alert-lifecycle';

describe('alert lifecycle', () => {
  it.each<[AlertState, AlertState]>([
    ['draft', 'sending'],
    ['draft', 'closed'],
    ['sending', 'open'],
    ['sending', 'closed'],
    ['open', 'closed'],
  ])('allows %s → %s', (from, to) => {
    expect(() => assertTransition(from, to)).not.toThrow();
  });

  it.each<[AlertState, AlertState]>([
    ['closed', 'open'],
    ['closed', 'sending'],
    ['open', 'sending'],
    ['open', 'draft'],
    ['sending', 'draft'],
    ['draft', 'open'],
  ])('refuses %s → %s', (from, to) => {
    expect(() => assertTransition(from, to)).toThrow(new AlertTransitionError(from, to));
  });

  it('accepts answers only while sending or open and before the closing time', () => {
    const closesAt = new Date('2026-11-26T12:00:00Z');
    const before = new Date('2026-11-26T11:59:59Z');
    expect(acceptsAnswers('open', closesAt, before)).toBe(true);
    expect(acceptsAnswers('sending', closesAt, before)).toBe(true);
    expect(acceptsAnswers('open', closesAt, closesAt)).toBe(false);
    expect(acceptsAnswers('closed', closesAt, before)).toBe(false);
    expect(acceptsAnswers('draft', closesAt, before)).toBe(false);
  });
});
