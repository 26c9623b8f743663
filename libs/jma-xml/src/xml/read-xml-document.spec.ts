import type { JmaParseErrorReason } from '../jma-parse-error';
import { readXmlDocument } from './read-xml-document';
import { requiredChild, requiredText } from './xml-element';

function expectRefused(input: string | Buffer, reason: JmaParseErrorReason, maxBytes?: number): void {
  expect(() => readXmlDocument(input, maxBytes)).toThrow(expect.objectContaining({ name: 'JmaParseError', reason }));
}

describe('readXmlDocument', () => {
  it('resolves namespaces from declarations, whatever the prefix', () => {
    const root = readXmlDocument('<a:R xmlns:a="urn:r" xmlns="urn:d"><C>x</C><b:C xmlns:b="urn:r">y</b:C></a:R>');
    expect(root).toMatchObject({ namespace: 'urn:r', localName: 'R', path: 'R' });
    expect(requiredText(root, 'urn:d', 'C')).toBe('x');
    expect(requiredText(root, 'urn:r', 'C')).toBe('y');
  });

  it('lets an inner default namespace override the outer one and xmlns="" undeclare it', () => {
    const root = readXmlDocument('<R xmlns="urn:outer"><Head xmlns="urn:inner"><T/></Head><Plain xmlns=""/></R>');
    expect(requiredChild(requiredChild(root, 'urn:inner', 'Head'), 'urn:inner', 'T').path).toBe('R/Head/T');
    expect(root.children[1]).toMatchObject({ localName: 'Plain', namespace: null });
  });

  it('decodes the predefined entities and character references once, and keeps CDATA literal', () => {
    const root = readXmlDocument('<r t="a&amp;b"><x>&lt;&#65;&#x42;&amp;amp;</x><y><![CDATA[&amp;<z>]]></y></r>');
    expect(root.attributes.get('t')).toBe('a&b');
    expect(root.children[0].text).toBe('<AB&amp;');
    expect(root.children[1].text).toBe('&amp;<z>');
  });

  it('accepts a UTF-8 buffer with a byte order mark', () => {
    const root = readXmlDocument(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<r>震度</r>', 'utf8')]));
    expect(root.text).toBe('震度');
  });

  it('refuses an empty or blank input', () => {
    expectRefused('', 'empty-input');
    expectRefused(' \n\t', 'empty-input');
    expectRefused(Buffer.alloc(0), 'empty-input');
  });

  it('refuses input over the byte limit before parsing, counting UTF-8 bytes', () => {
    expectRefused('<r>' + 'x'.repeat(100) + '</r>', 'too-large', 100);
    expectRefused('<r>震度</r>', 'too-large', 12); // 7 characters, 13 bytes
    expect(readXmlDocument('<r>震度</r>', 13).text).toBe('震度');
    expectRefused('<r>' + ' '.repeat(3 * 1024 * 1024) + '</r>', 'too-large');
  });

  it('rejects a byte limit that would disable the check', () => {
    for (const maxBytes of [Number.NaN, 0, -1, 1.5]) expect(() => readXmlDocument('<r/>', maxBytes)).toThrow(RangeError);
  });

  it('refuses any DTD or entity declaration', () => {
    expectRefused('<!DOCTYPE r><r/>', 'doctype-forbidden');
    expectRefused('<?xml version="1.0"?>\n<!doctype r><r/>', 'doctype-forbidden');
    expectRefused('<r><!ENTITY x "y"></r>', 'doctype-forbidden');
  });

  it('refuses entities it does not know instead of leaving them in the text', () => {
    expectRefused('<r>&x;</r>', 'malformed-xml');
    expectRefused('<r>&nbsp;</r>', 'malformed-xml');
    expectRefused('<r a="&x;"/>', 'malformed-xml');
    expectRefused('<r>&#0;</r>', 'malformed-xml');
  });

  it('refuses text that is not well-formed XML', () => {
    for (const text of ['<r>', '<r></s>', '<r><a></r></a>', 'not xml', '<r/><r/>', '<r></r>trailing', '<r a="1" a="2"/>', '<r a/>', '<r>\u0001</r>', '<r>\uD800</r>']) {
      expectRefused(text, 'malformed-xml');
    }
  });

  it('refuses undeclared namespace prefixes', () => {
    expectRefused('<p:r/>', 'malformed-xml');
    expectRefused('<r xmlns:p="urn:p"><q:s/></r>', 'malformed-xml');
    expectRefused('<r xmlns:p=""/>', 'malformed-xml');
  });

  it('refuses bytes that are not UTF-8 and declarations of another encoding', () => {
    expectRefused(Buffer.from([0x3c, 0x72, 0x3e, 0x93, 0xfa, 0x3c, 0x2f, 0x72, 0x3e]), 'malformed-xml'); // <r>日(Shift_JIS)</r>
    expectRefused('<?xml version="1.0" encoding="Shift_JIS"?><r/>', 'malformed-xml');
  });

  it('refuses absurdly deep nesting', () => {
    expectRefused('<a>'.repeat(200) + 'x' + '</a>'.repeat(200), 'malformed-xml');
  });
});
