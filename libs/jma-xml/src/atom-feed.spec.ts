import { parseJmaAtomFeed } from './atom-feed';
import type { JmaParseErrorReason } from './jma-parse-error';

const entry = (id: string, title: string, link = `<link type="application/xml" href="https://www.data.jma.go.jp/developer/xml/data/${id}.xml"/>`) =>
  `<entry><title>${title}</title><id>urn:uuid:${id}</id><updated>2026-11-26T03:00:00Z</updated><author><name>気象庁</name></author>${link}<content type="text">…</content></entry>`;
const feed = (entries: string) => `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" lang="ja"><title>高頻度（地震火山）</title>${entries}</feed>`;
const expectRefused = (xml: string, reason: JmaParseErrorReason) => expect(() => parseJmaAtomFeed(xml)).toThrow(expect.objectContaining({ reason }));

describe('parseJmaAtomFeed', () => {
  it('lists entries newest first, as JMA writes them, with their report links', () => {
    expect(parseJmaAtomFeed(feed(entry('b', '震度速報') + entry('a', '震源・震度に関する情報')))).toEqual([
      { id: 'urn:uuid:b', title: '震度速報', updated: '2026-11-26T03:00:00Z', href: 'https://www.data.jma.go.jp/developer/xml/data/b.xml' },
      { id: 'urn:uuid:a', title: '震源・震度に関する情報', updated: '2026-11-26T03:00:00Z', href: 'https://www.data.jma.go.jp/developer/xml/data/a.xml' },
    ]);
    expect(parseJmaAtomFeed(feed(''))).toEqual([]);
  });

  it('refuses a document that is not an Atom feed', () => {
    expectRefused('<feed xmlns="http://example.com/not-atom"/>', 'wrong-namespace');
    expectRefused('<Report xmlns="http://xml.kishou.go.jp/jmaxml1/"/>', 'wrong-namespace');
  });

  it('refuses a whole feed with an entry it cannot follow, rather than skipping the entry', () => {
    expectRefused(feed(entry('a', '震度速報', '')), 'invalid-structure');
    expectRefused(feed(entry('a', '震度速報', '<link type="application/xml" href="relative/a.xml"/>')), 'invalid-structure');
    expectRefused(feed('<entry><title>震度速報</title></entry>'), 'invalid-structure');
  });

  it('applies the hostile-input limits of the report parser', () => {
    expectRefused(`<!DOCTYPE feed [<!ENTITY x SYSTEM "file:///etc/passwd">]>${feed(entry('a', '&x;'))}`, 'doctype-forbidden');
    expect(() => parseJmaAtomFeed(feed(entry('a', '震度速報')), { maxBytes: 100 })).toThrow(expect.objectContaining({ reason: 'too-large' }));
  });
});
