/**
 * What each channel can carry. Checked when a message is rendered (a clear error before any
 * provider is called) and again by the adapters (a permanent failure, never a retry).
 */

/** LINE Messaging API: a text message holds at most 5,000 characters. */
export const LINE_TEXT_MAX_CHARACTERS = 5_000;
/** Our own limit: mail clients cut longer subjects, and RFC 5322 lines are 998 octets. */
export const EMAIL_SUBJECT_MAX_CHARACTERS = 200;
/**
 * RFC 8291: an encrypted push message is at most 4,096 octets, which leaves at most 3,993
 * octets of plaintext (the JSON payload) after the header, padding delimiter and tag.
 */
export const PUSH_PAYLOAD_MAX_BYTES = 3_993;

/** GSM 03.38 basic character set: one septet each. */
const gsm7Basic = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
/** GSM 03.38 extension table: an escape septet plus one, so two each. */
const gsm7Extension = new Set('^{}\\[~]|€\f');

interface SmsEncoding {
  name: 'GSM-7' | 'UCS-2';
  singleSegment: number;
  /** Per segment once a message is split: the concatenation header takes the rest. */
  perConcatenatedSegment: number;
  length: (text: string) => number;
}

const gsm7: SmsEncoding = {
  name: 'GSM-7',
  singleSegment: 160,
  perConcatenatedSegment: 153,
  length: (text) => [...text].reduce((septets, character) => septets + (gsm7Extension.has(character) ? 2 : 1), 0),
};

/** UCS-2 counts UTF-16 code units: an emoji outside the BMP takes two. */
const ucs2: SmsEncoding = { name: 'UCS-2', singleSegment: 70, perConcatenatedSegment: 67, length: (text) => text.length };

export function smsEncodingOf(text: string): SmsEncoding {
  return [...text].every((character) => gsm7Basic.has(character) || gsm7Extension.has(character)) ? gsm7 : ucs2;
}

/** How many SMS segments a text needs: 160 GSM-7 septets or 70 UCS-2 units alone, 153/67 per part when split. */
export function smsSegmentCount(text: string): number {
  const encoding = smsEncodingOf(text);
  const length = encoding.length(text);
  return length <= encoding.singleSegment ? 1 : Math.ceil(length / encoding.perConcatenatedSegment);
}

/** Characters as people count them (code points), not UTF-16 units. */
export function characterCount(text: string): number {
  return [...text].length;
}

export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
