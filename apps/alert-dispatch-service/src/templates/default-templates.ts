import { RecipientLanguage } from '../channels/channel';
import { TemplateTexts } from './tenant-templates';

/**
 * The safety check a tenant gets until it writes its own: short, calm, one link. `shortBody`
 * is for SMS and push, where every character counts (Japanese SMS: 70 per segment).
 */
export const DEFAULT_TEMPLATES: Record<RecipientLanguage, TemplateTexts> = {
  ja: {
    subject: '【安否確認】{{alertTitle}}',
    body: [
      '{{name}} 様',
      '',
      '{{companyName}} からの安否確認です。',
      '{{alertTitle}}',
      '{{alertBody}}',
      '',
      'ご自身の安否と現在の状況を、下記のリンクから回答してください。',
      '{{answerUrl}}',
      '',
      '※ このリンクはあなた専用です。他の人に転送しないでください。',
    ].join('\n'),
    shortBody: '【安否確認】{{companyName}} 回答してください {{answerUrl}}',
  },
  en: {
    subject: '[Safety check] {{alertTitle}}',
    body: [
      'Dear {{name}},',
      '',
      '{{companyName}} is checking that you are safe.',
      '{{alertTitle}}',
      '{{alertBody}}',
      '',
      'Please tell us how you are and where you are now:',
      '{{answerUrl}}',
      '',
      'This link is yours alone; please do not forward it.',
    ].join('\n'),
    shortBody: '[Safety check] {{companyName}}: please answer {{answerUrl}}',
  },
};
