import { ServerSentEvents } from './server-sent-events';

describe('ServerSentEvents', () => {
  it('returns events only once they are complete, whatever the chunking', () => {
    const events = new ServerSentEvents();
    expect(events.push('event: summary\ndata: {"respon')).toEqual([]);
    expect(events.push('ded":1}\n\nevent: summary\r\ndata: {"responded":2}\r\n\r\n')).toEqual([
      { event: 'summary', data: '{"responded":1}' },
      { event: 'summary', data: '{"responded":2}' },
    ]);
  });

  it('joins multi-line data, defaults the event name and skips comments and empty blocks', () => {
    const events = new ServerSentEvents();
    expect(events.push(': keep-alive\n\ndata: a\ndata: b\n\nid: 7\n\n')).toEqual([{ event: 'message', data: 'a\nb' }]);
  });
});
