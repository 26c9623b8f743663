import type { Channel, ChannelPreview, MessageTemplatesView, TemplateLanguage, TemplatesInput, TemplateTexts } from '../api/dispatch-api';
import { fieldErrorsOf } from '../api/field-problem-text';
import type { Language } from '../i18n/messages';

export const templateLanguages: readonly TemplateLanguage[] = ['ja', 'en'];
export const templateFields: readonly (keyof TemplateTexts)[] = ['subject', 'body', 'shortBody'];

/** Each language by its own name, as the language switch shows it everywhere in the console. */
export const languageNames: Record<TemplateLanguage, string> = { ja: '日本語', en: 'English' };

export type TemplateDrafts = Record<TemplateLanguage, TemplateTexts>;

/** The texts as the form starts: what is in use per language (the company's own or the defaults). */
export function draftsOf(view: MessageTemplatesView): TemplateDrafts {
  const textsOf = ({ subject, body, shortBody }: TemplateTexts): TemplateTexts => ({ subject, body, shortBody });
  return { ja: textsOf(view.templates.ja), en: textsOf(view.templates.en) };
}

export function isEdited(drafts: TemplateDrafts, view: MessageTemplatesView, language: TemplateLanguage): boolean {
  return templateFields.some((field) => drafts[language][field] !== view.templates[language][field]);
}

/**
 * The PUT body: the languages the company already has its own texts for, and those edited
 * here. A language still on the defaults and untouched is left out, so it keeps following
 * Anpi's defaults instead of freezing a copy of them.
 */
export function templatesToSave(drafts: TemplateDrafts, view: MessageTemplatesView): TemplatesInput {
  const body: TemplatesInput = {};
  for (const language of templateLanguages) {
    if (view.templates[language].own || isEdited(drafts, view, language)) body[language] = { ...drafts[language] };
  }
  return body;
}

/**
 * The PUT body that returns `language` to the defaults: the other language's saved texts (if it
 * has its own), never its unsaved edits, which the admin has not asked to save.
 */
export function templatesWithoutLanguage(view: MessageTemplatesView, language: TemplateLanguage): TemplatesInput {
  const body: TemplatesInput = {};
  for (const other of templateLanguages) {
    if (other !== language && view.templates[other].own) body[other] = draftsOf(view)[other];
  }
  return body;
}

/** `{{variable}}` put in place of the selection (or at the cursor), and where the cursor goes after it. */
export function insertVariable(text: string, selectionStart: number, selectionEnd: number, variable: string): { text: string; cursor: number } {
  const start = clamp(Math.min(selectionStart, selectionEnd), text.length);
  const end = clamp(Math.max(selectionStart, selectionEnd), text.length);
  const placeholder = `{{${variable}}}`;
  return { text: text.slice(0, start) + placeholder + text.slice(end), cursor: start + placeholder.length };
}

const clamp = (position: number, length: number) => Math.max(0, Math.min(position, length));

/**
 * The service's problems by field, `ja.body` and the like. A refused preview names the field
 * inside its request (`templates.ja.body`): the same field on the form.
 */
export function templateFieldErrors(error: unknown, language?: Language): Record<string, string> {
  return Object.fromEntries(Object.entries(fieldErrorsOf(error, language)).map(([path, message]) => [path.replace(/^templates\./, ''), message]));
}

/** The first language with a refused field, so the form can switch to where the problem is. */
export function languageWithProblem(fieldErrors: Record<string, string>): TemplateLanguage | undefined {
  return templateLanguages.find((language) => Object.keys(fieldErrors).some((path) => path === language || path.startsWith(`${language}.`)));
}

/** The previews of the channels chosen, in the order they will be tried (an alert's fallback order); all channels when none are named. */
export function previewsInOrder(previews: readonly ChannelPreview[], channels?: readonly Channel[]): ChannelPreview[] {
  if (!channels) return [...previews];
  return channels.flatMap((channel) => previews.filter((preview) => preview.channel === channel));
}

/** SMS and LINE carry the text alone: their previews show no subject, as recipients see none. */
const channelsWithSubject: ReadonlySet<Channel> = new Set<Channel>(['email', 'web-push', 'webhook']);

export function carriesSubject(channel: Channel): boolean {
  return channelsWithSubject.has(channel);
}
