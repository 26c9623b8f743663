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
