import { AccessTokenGuard, CurrentPrincipal, Principal, Roles } from '@anpi/auth-guard';
import { languageSchema } from '@anpi/contracts';
import { runInTenantTransaction } from '@anpi/persistence';
import { ZodValidationPipe } from '@anpi/service-bootstrap';
import { Body, Controller, Get, HttpCode, Ip, Post, Put, UseGuards } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { recordDispatchAudit, userActor } from '../audit';
import { RecipientLanguage } from '../channels/channel';
import { EMAIL_SUBJECT_MAX_CHARACTERS, LINE_TEXT_MAX_CHARACTERS } from './channel-limits';
import { DEFAULT_TEMPLATES } from './default-templates';
import { TEMPLATE_VARIABLES } from './message-template';
import { ChannelPreview, MessagePreviews } from './message-previews';
import { TemplateTexts, TenantTemplates, TenantTemplatesInput, tenantTemplatesSchema } from './tenant-templates';
import { TenantTemplatesStore } from './tenant-templates.store';
import { tenantWording } from './tenant-wording';

export interface MessageTemplatesView {
  /** Per language: the texts in use, and whether they are the tenant's own or Anpi's defaults. */
  templates: Record<RecipientLanguage, TemplateTexts & { own: boolean }>;
  variables: readonly string[];
  limits: { smsMaxSegments: number; lineMaxCharacters: number; emailSubjectMaxCharacters: number };
  updatedAt: string | null;
}

const previewRequestSchema = z
  .object({
    /** Unsaved texts to try; the saved ones (or the defaults) when absent. */
    templates: tenantTemplatesSchema.optional(),
    language: languageSchema,
    /** The alert being written; a sample one when absent (templates are previewed before any alert exists). */
    title: z.string().trim().min(1).max(100).optional(),
    message: z.string().trim().min(1).max(2000).optional(),
    drill: z.boolean().default(false),
    reminder: z.boolean().default(false),
  })
  .strict();

type PreviewRequestBody = z.infer<typeof previewRequestSchema>;

const TEMPLATE_LANGUAGES: readonly RecipientLanguage[] = ['ja', 'en'];

const sampleAlerts: Record<RecipientLanguage, { title: string; message: string }> = {
  ja: { title: '地震（震度6強）', message: '身の安全を確保してから、回答してください。' },
  en: { title: 'Earthquake (shindo 6+)', message: 'Get to safety first, then answer.' },
};

/**
 * The texts of a tenant's safety-check messages (per language: subject, body for e-mail, LINE
 * and webhooks, a short body for SMS and push), with `{{name}}`, `{{answerUrl}}` and the other
 * variables. Owners and admins write them; anyone who sends alerts may preview.
 */
@Controller('v1/message-templates')
@UseGuards(AccessTokenGuard)
export class MessageTemplatesController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: TenantTemplatesStore,
    private readonly previews: MessagePreviews,
  ) {}

  @Get()
  @Roles('owner', 'admin')
  async get(@CurrentPrincipal() principal: Principal): Promise<MessageTemplatesView> {
    const saved = await runInTenantTransaction(this.dataSource, principal.tenantId, (manager) => this.store.loadSaved(manager, principal.tenantId));
    return this.view(saved?.templates ?? {}, saved?.updatedAt);
  }

  /**
   * Replaces the tenant's templates; a language left out goes back to the defaults (none left:
   * a reset, so audited as one). Refused texts name their field (`ja.body`).
   */
  @Put()
  @Roles('owner', 'admin')
  async put(@CurrentPrincipal() principal: Principal, @Ip() ip: string, @Body(new ZodValidationPipe(tenantTemplatesSchema)) templates: TenantTemplatesInput): Promise<MessageTemplatesView> {
    const saved = await runInTenantTransaction(this.dataSource, principal.tenantId, async (manager) => {
      await this.store.save(manager, principal.tenantId, templates);
      const ownLanguages = TEMPLATE_LANGUAGES.filter((language) => templates[language] !== undefined);
      await recordDispatchAudit(manager, principal.tenantId, userActor({ principal, ip }), [
        { action: ownLanguages.length === 0 ? 'message_templates.reset' : 'message_templates.saved', targetType: 'message_templates', targetId: null, details: { languages: ownLanguages } },
      ]);
      return this.store.loadSaved(manager, principal.tenantId);
    });
    return this.view(saved?.templates ?? templates, saved?.updatedAt);
  }

  /** Every channel's message for a sample person, as it would be sent: marks, limits and SMS segments included. */
  @Post('preview')
  @HttpCode(200)
  @Roles('owner', 'admin', 'department_admin')
  async preview(@CurrentPrincipal() principal: Principal, @Body(new ZodValidationPipe(previewRequestSchema)) request: PreviewRequestBody): Promise<{ channels: ChannelPreview[] }> {
    const { templates, wording } = await runInTenantTransaction(this.dataSource, principal.tenantId, async (manager) => ({
      templates: request.templates ? TenantTemplates.from(request.templates) : await this.store.load(manager, principal.tenantId),
      wording: await tenantWording(manager, principal.tenantId),
    }));
    const sample = sampleAlerts[request.language];
    return { channels: this.previews.preview(templates, { ...wording, ...request, title: request.title ?? sample.title, message: request.message ?? sample.message }) };
  }

  private view(saved: TenantTemplatesInput, updatedAt: Date | undefined): MessageTemplatesView {
    const inLanguage = (language: RecipientLanguage) => ({ ...(saved[language] ?? DEFAULT_TEMPLATES[language]), own: saved[language] !== undefined });
    return {
      templates: { ja: inLanguage('ja'), en: inLanguage('en') },
      variables: TEMPLATE_VARIABLES,
      limits: { smsMaxSegments: this.previews.maxSmsSegments, lineMaxCharacters: LINE_TEXT_MAX_CHARACTERS, emailSubjectMaxCharacters: EMAIL_SUBJECT_MAX_CHARACTERS },
      updatedAt: updatedAt?.toISOString() ?? null,
    };
  }
}
