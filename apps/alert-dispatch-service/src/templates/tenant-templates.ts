import { z } from 'zod';
import { RecipientLanguage } from '../channels/channel';
import { DEFAULT_TEMPLATES } from './default-templates';
import { MessageTemplate, TemplateError } from './message-template';

/** One language's texts: `subject` (e-mail subject, push title), `body` (e-mail, LINE, webhook), `shortBody` (SMS, push). */
export interface TemplateTexts {
  subject: string;
  body: string;
  shortBody: string;
}

export type TemplateField = keyof TemplateTexts;
export type CompiledTemplateTexts = Record<TemplateField, MessageTemplate>;

/** Texts that carry the recipient's answer link: each must place it exactly once. */
const fieldsWithAnswerLink: readonly TemplateField[] = ['body', 'shortBody'];

export function compileTemplateTexts(texts: TemplateTexts, language: RecipientLanguage): CompiledTemplateTexts {
  const compiled: CompiledTemplateTexts = {
    subject: MessageTemplate.compile(texts.subject, `${language}.subject`),
    body: MessageTemplate.compile(texts.body, `${language}.body`),
    shortBody: MessageTemplate.compile(texts.shortBody, `${language}.shortBody`),
  };
  for (const field of fieldsWithAnswerLink) {
    const uses = compiled[field].usesOf('answerUrl');
    if (uses !== 1) throw new TemplateError(`${language}.${field}: must contain {{answerUrl}} exactly once (found ${uses})`, `${language}.${field}`);
  }
  if (compiled.subject.usesOf('answerUrl') > 0) throw new TemplateError(`${language}.subject: must not contain {{answerUrl}} (subjects are shown in previews and lists)`, `${language}.subject`);
  return compiled;
}

const templateTextsSchema = z
  .object({
    subject: z.string().trim().min(1).max(500),
    body: z.string().trim().min(1).max(10_000),
    shortBody: z.string().trim().min(1).max(1_000),
  })
  .strict();

/**
 * A tenant's templates as an admin saves them (either language may be left to the default).
 * Unknown variables and misplaced answer links are refused here, at save time, with the
 * field and the variable named — never discovered during an alert.
 */
export const tenantTemplatesSchema = z
  .object({ ja: templateTextsSchema.optional(), en: templateTextsSchema.optional() })
  .strict()
  .superRefine((templates, context) => {
    for (const language of ['ja', 'en'] as const) {
      const texts = templates[language];
      if (!texts) continue;
      try {
        compileTemplateTexts(texts, language);
      } catch (error) {
        if (!(error instanceof TemplateError)) throw error;
        context.addIssue({ code: 'custom', path: error.field?.split('.') ?? [language], message: error.message });
      }
    }
  });

export type TenantTemplatesInput = z.infer<typeof tenantTemplatesSchema>;

/** A tenant's compiled templates per language, the defaults where the tenant has none. */
export class TenantTemplates {
  private constructor(private readonly byLanguage: Record<RecipientLanguage, CompiledTemplateTexts>) {}

  static defaults(): TenantTemplates {
    return TenantTemplates.from({});
  }

  /** `stored` was validated by tenantTemplatesSchema when saved; it is compiled again here (cheap). */
  static from(stored: TenantTemplatesInput): TenantTemplates {
    return new TenantTemplates({
      ja: compileTemplateTexts(stored.ja ?? DEFAULT_TEMPLATES.ja, 'ja'),
      en: compileTemplateTexts(stored.en ?? DEFAULT_TEMPLATES.en, 'en'),
    });
  }

  forLanguage(language: RecipientLanguage): CompiledTemplateTexts {
    return this.byLanguage[language];
  }
}
