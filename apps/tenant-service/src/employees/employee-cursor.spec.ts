import { decodeEmployeeCursor, encodeEmployeeCursor } from './employee-cursor';

describe('employee cursor', () => {
  it('round-trips the last row of a page', () => {
    const cursor = { employeeNumber: 'E-0042', id: '0190f5e8-7f3a-7cc1-9a51-5f3c2f4d9b10' };
    expect(decodeEmployeeCursor(encodeEmployeeCursor(cursor))).toEqual(cursor);
  });

  it.each(['', 'not-base64-json', Buffer.from('["E-1"]').toString('base64url'), Buffer.from('["E-1","1 OR 1=1"]').toString('base64url')])(
    'rejects %p',
    (text) => {
      expect(decodeEmployeeCursor(text)).toBeUndefined();
    },
  );
});
