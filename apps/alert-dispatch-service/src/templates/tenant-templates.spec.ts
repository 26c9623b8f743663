import { DEFAULT_TEMPLATES } from './default-templates';
import { TenantTemplates, compileTemplateTexts, tenantTemplatesSchema } from './tenant-templates';

const valid = { subject: '【安否確認】{{alertTitle}}', body: '{{name}} 様\n{{answerUrl}}', shortBody: '回答 {{answerUrl}}' };

describe('tenant templates at save time', () => {
  it('accepts valid texts for one language and leaves the other to the default', () => {
    expect(tenantTemplatesSchema.safeParse({ ja: valid }).success).toBe(true);
  });

  it('refuses an unknown variable with the language, field and variable in the message', () => {
    const result = tenantTemplatesSchema.safeParse({ en: { ...valid, body: 'Hi {{firstName}} {{answerUrl}}' } });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0].path).toEqual(['en', 'body']);
    expect(result.error!.issues[0].message).toContain('en.body: unknown variable {{firstName}}');
  });

  it('requires the answer link exactly once in the texts that carry it', () => {
    expect(() => compileTemplateTexts({ ...valid, shortBody: '回答してください' }, 'ja')).toThrow('ja.shortBody: must contain {{answerUrl}} exactly once (found 0)');
    expect(() => compileTemplateTexts({ ...valid, body: '{{answerUrl}} {{answerUrl}}' }, 'ja')).toThrow('(found 2)');
    expect(() => compileTemplateTexts({ ...valid, subject: '{{answerUrl}}' }, 'ja')).toThrow('ja.subject: must not contain {{answerUrl}}');
  });

  it('refuses unknown fields (strict), like every body we accept', () => {
    expect(tenantTemplatesSchema.safeParse({ ja: { ...valid, footer: 'x' } }).success).toBe(false);
    expect(tenantTemplatesSchema.safeParse({ fr: valid }).success).toBe(false);
  });

  it('falls back to the defaults per language', () => {
    const templates = TenantTemplates.from({ en: { ...valid, subject: 'Custom {{alertTitle}}' } });
    expect(templates.forLanguage('en').subject.source).toBe('Custom {{alertTitle}}');
    expect(templates.forLanguage('ja').subject.source).toBe(DEFAULT_TEMPLATES.ja.subject);
  });

  it('ships defaults that compile in both languages', () => {
    expect(() => TenantTemplates.defaults()).not.toThrow();
  });
});
