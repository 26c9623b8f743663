import { canMove, channelRows, focusAfterMove, moveChannel, toggled } from './channel-order';

describe('the order channels are tried in', () => {
  it('lists every channel once: the chosen first, numbered in the order tried, then the others', () => {
    expect(channelRows(['sms', 'email'])).toEqual([
      { channel: 'sms', position: 1 },
      { channel: 'email', position: 2 },
      { channel: 'web-push' },
      { channel: 'line' },
      { channel: 'webhook' },
    ]);
    expect(channelRows([])).toEqual([{ channel: 'email' }, { channel: 'web-push' }, { channel: 'sms' }, { channel: 'line' }, { channel: 'webhook' }]);
  });

  it('adds a channel last and takes one out keeping the order of the rest', () => {
    expect(toggled(['sms', 'email'], 'line', true)).toEqual(['sms', 'email', 'line']);
    expect(toggled(['sms', 'email', 'line'], 'email', false)).toEqual(['sms', 'line']);
    // Ticking a channel already chosen does not list it twice.
    expect(toggled(['sms', 'email'], 'sms', true)).toEqual(['email', 'sms']);
    expect(toggled(['email'], 'sms', false)).toEqual(['email']);
  });

  it('moves a channel one place up or down', () => {
    expect(moveChannel(['sms', 'email', 'line'], 'email', 'up')).toEqual(['email', 'sms', 'line']);
    expect(moveChannel(['sms', 'email', 'line'], 'email', 'down')).toEqual(['sms', 'line', 'email']);
  });

  it('leaves the order alone when the channel is already at that end, or not chosen', () => {
    const channels = ['email', 'sms'] as const;
    expect(canMove([...channels], 'email', 'up')).toBe(false);
    expect(canMove([...channels], 'sms', 'down')).toBe(false);
    expect(canMove([...channels], 'line', 'up')).toBe(false);
    const same = [...channels];
    expect(moveChannel(same, 'email', 'up')).toBe(same);
    expect(moveChannel(same, 'line', 'down')).toBe(same);
  });

  it('keeps the focus on the button pressed, or on the other one once the channel reached the end', () => {
    expect(focusAfterMove(['sms', 'email', 'line'], 'email', 'up')).toBe('up');
    expect(focusAfterMove(['email', 'sms', 'line'], 'email', 'up')).toBe('down');
    expect(focusAfterMove(['sms', 'line', 'email'], 'email', 'down')).toBe('up');
    expect(focusAfterMove(['sms', 'email', 'line'], 'email', 'down')).toBe('down');
  });
});
