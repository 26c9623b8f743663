import { Language } from './question-set';

/**
 * The language chosen on the page (`?lang=`); else the one the recipient's messages are written
 * in (a feature phone sends no Accept-Language, and many phones say Japanese whoever holds
 * them); else what the phone asks for; Japanese when nothing says.
 */
export function chooseLanguage(requested: string | undefined, recipientLanguage: Language | undefined, acceptLanguage: string | undefined): Language {
  if (requested === 'en' || requested === 'ja') return requested;
  if (recipientLanguage) return recipientLanguage;
  return /^\s*en\b/i.test(acceptLanguage ?? '') ? 'en' : 'ja';
}

/** How a page speaks to its reader: their language, and the time zone of their company. */
export interface PageLocale {
  language: Language;
  /** IANA name (`Asia/Tokyo`); times on the page are shown in it, with the zone's name. */
  timeZone: string;
}

/** Where a company has not said (or this service has not heard yet). */
export const DEFAULT_TIME_ZONE = 'Asia/Tokyo';
