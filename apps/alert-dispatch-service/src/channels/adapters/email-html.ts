import { RecipientLanguage } from '../channel';

const answerLinkLabel: Record<RecipientLanguage, string> = { ja: '安否を回答する', en: 'Answer now' };

const htmlEscapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => htmlEscapes[character]);
}

/**
 * The HTML part of a safety-check mail: the plain text, escaped, with the answer URL turned
 * into one labelled button-like link. The URL appears once (in href), as it does once in the
 * text part, so each part carries the recipient's link exactly once.
 */
export function emailHtmlFromText(text: string, answerUrl: string, language: RecipientLanguage): string {
  const link = `<a href="${escapeHtml(answerUrl)}" style="display:inline-block;padding:12px 20px;background:#c62828;color:#fff;text-decoration:none;border-radius:6px;font-weight:bold">${answerLinkLabel[language]}</a>`;
  const paragraphs = text.split(answerUrl).map((part) => escapeHtml(part).replace(/\n/g, '<br>'));
  return `<!doctype html><html lang="${language}"><head><meta charset="utf-8"></head><body style="font-family:sans-serif;line-height:1.6">${paragraphs.join(link)}</body></html>`;
}
