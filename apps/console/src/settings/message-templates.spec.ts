import { ApiError } from '../api/api-error';
import type { ChannelPreview, MessageTemplatesView } from '../api/dispatch-api';
import { carriesSubject, draftsOf, insertVariable, isEdited, languageWithProblem, previewsInOrder, templateFieldErrors, templatesToSave, templatesWithoutLanguage } from './message-templates';

const defaultsJa = { subject: '【安否確認】{{alertTitle}}', body: '{{name}} 様 {{answerUrl}}', shortBody: '回答 {{answerUrl}}' };
const ownEn = { subject: 'Check {{alertTitle}}', body: 'Dear {{name}} {{answerUrl}}', shortBody: 'Answer {{answerUrl}}' };

function view(own: { ja: boolean; en: boolean }): MessageTemplatesView {
  return {
    templates: { ja: { ...defaultsJa, own: own.ja }, en: { ...ownEn, own: own.en } },
    variables: ['name', 'answerUrl'],
    limits: { smsMaxSegments: 3, lineMaxCharacters: 5000, emailSubjectMaxCharacters: 200 },
    updatedAt: null,
  };
}

describe('templatesToSave', () => {
  it('leaves out a language still on the defaults and untouched, so it keeps following the defaults', () => {
    const loaded = view({ ja: false, en: false });
    expect(templatesToSave(draftsOf(loaded), loaded)).toEqual({});
  });

  it('sends a language that was edited, and one the company already has its own texts for', () => {
    const loaded = view({ ja: false, en: true });
    const drafts = { ...draftsOf(loaded), ja: { ...defaultsJa, subject: '【至急】{{alertTitle}}' } };
    expect(templatesToSave(drafts, loaded)).toEqual({ ja: { ...defaultsJa, subject: '【至急】{{alertTitle}}' }, en: ownEn });
    expect(isEdited(drafts, loaded, 'ja')).toBe(true);
    expect(isEdited(drafts, loaded, 'en')).toBe(false);
  });
});

describe('templatesWithoutLanguage', () => {
  it("keeps the other language's saved own texts and drops the language going back to the defaults", () => {
    expect(templatesWithoutLanguage(view({ ja: true, en: true }), 'ja')).toEqual({ en: ownEn });
    expect(templatesWithoutLanguage(view({ ja: true, en: false }), 'ja')).toEqual({});
  });
});

describe('insertVariable', () => {
  it('puts the placeholder at the cursor and moves the cursor after it', () => {
    expect(insertVariable('様 回答', 0, 0, 'name')).toEqual({ text: '{{name}}様 回答', cursor: 8 });
  });

  it('replaces the selected text, whichever way it was selected', () => {
    expect(insertVariable('Dear NAME,', 9, 5, 'name')).toEqual({ text: 'Dear {{name}},', cursor: 13 });
  });

  it('keeps a cursor beyond the text at its end', () => {
    expect(insertVariable('abc', 10, 10, 'answerUrl')).toEqual({ text: 'abc{{answerUrl}}', cursor: 16 });
  });
});

describe('templateFieldErrors', () => {
  it("maps the service's problems to the form's fields, a refused preview's too", () => {
    const refused = new ApiError(400, 'Bad Request', 'invalid', undefined, [
      { path: 'ja.body', message: 'ja.body: unknown variable {{nmae}}' },
      { path: 'templates.en.shortBody', message: 'en.shortBody: must contain {{answerUrl}} exactly once' },
    ]);
    const errors = templateFieldErrors(refused);
    expect(errors).toEqual({ 'ja.body': 'ja.body: unknown variable {{nmae}}', 'en.shortBody': 'en.shortBody: must contain {{answerUrl}} exactly once' });
    expect(languageWithProblem(errors)).toBe('ja');
    expect(languageWithProblem({ 'en.subject': 'x' })).toBe('en');
    expect(languageWithProblem({ language: 'x' })).toBeUndefined();
  });
});

describe('previewsInOrder', () => {
  const previews: ChannelPreview[] = [
    { channel: 'email', fits: true, subject: 's', body: 'b', characters: 1 },
    { channel: 'sms', fits: false, problem: 'too long', exceeded: { measure: 'segments', actual: 4, maximum: 3, encoding: 'UCS-2' } },
    { channel: 'line', fits: true, subject: '', body: 'b', characters: 1 },
  ];

  it("shows the chosen channels in the alert's fallback order, no others", () => {
    expect(previewsInOrder(previews, ['line', 'sms']).map((preview) => preview.channel)).toEqual(['line', 'sms']);
  });

  it('shows every channel when none are named (writing the texts)', () => {
    expect(previewsInOrder(previews).map((preview) => preview.channel)).toEqual(['email', 'sms', 'line']);
  });
});

describe('carriesSubject', () => {
  it('shows a subject for e-mail, push and webhooks only (SMS and LINE send the text alone)', () => {
    expect((['email', 'web-push', 'sms', 'line', 'webhook'] as const).filter(carriesSubject)).toEqual(['email', 'web-push', 'webhook']);
  });
});
