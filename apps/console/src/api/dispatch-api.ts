import { HttpClient } from './http-client';
import type { AuditEntry } from './tenant-api';

export type AlertTarget =
  | { kind: 'all' }
  | { kind: 'departments'; departmentIds: string[] }
  | { kind: 'prefectures'; prefectureCodes: string[]; match: 'work' | 'home' | 'work_or_home' }
  | { kind: 'groups'; groupIds: string[] }
  | { kind: 'employees'; employeeIds: string[] };

/** The most of each list one target may name (alert-dispatch-service's alertTargetSchema). */
export const targetLimits = { departments: 500, groups: 500, employees: 10_000 } as const;

export type Channel = 'email' | 'web-push' | 'sms' | 'line' | 'webhook';

export interface CreateAlertRequest {
  title: string;
  message: string;
  target: AlertTarget;
  channels: Channel[];
  drill: boolean;
  resend: { intervalMinutes: number; maxRounds: number };
  /** 1–720; the service's default is 72. */
  autoCloseAfterHours?: number;
  /** 1–1440: ask everyone in the company this long after sending. Absent: never. */
  widenToAllAfterMinutes?: number;
}

export interface LocalisedText {
  ja: string;
  en: string;
}

export interface Question {
  id: string;
  kind: 'choice' | 'text';
  label: LocalisedText;
  required?: boolean;
  choices?: { id: string; label: LocalisedText }[];
  /** Text questions: the longest answer taken. */
  maxLength?: number;
}

/** A company's questions (issue 5 §1): asked by alerts created without questions of their own. */
export interface QuestionSetView {
  questions: Question[];
  /** false: Anpi's defaults (then `questions` equals `defaults`). */
  own: boolean;
  defaults: Question[];
}

export interface AlertDetails {
  id: string;
  state: string;
  title: string;
  message: string;
  questions: Question[];
  target: AlertTarget;
  channels: string[];
  drill: boolean;
  createdAt: string;
  closesAt: string;
  /** Null when the alert is never widened to everyone; `widenedAt` once it has been. */
  widening: { afterMinutes: number; widenedAt: string | null } | null;
  /** Deliveries per state (queued, sent, failed…). */
  progress: Record<string, number>;
  responded: number;
  rounds: number;
}

/** One row of GET /v1/alerts (the full alert, without delivery counts). */
export interface AlertListItem {
  id: string;
  state: string;
  title: string;
  drill: boolean;
  source: 'manual' | 'disaster-rule' | 'internal';
  createdAt: string;
}

export interface AlertPage {
  alerts: AlertListItem[];
  nextCursor: string | null;
}

export const seismicIntensities = ['1', '2', '3', '4', '5-', '5+', '6-', '6+', '7'] as const;
export const tsunamiCategories = ['tsunami-advisory', 'tsunami-warning', 'major-tsunami-warning'] as const;

interface DisasterRuleFields {
  name: string;
  enabled: boolean;
  /** null = anywhere in Japan. */
  prefectureCodes: string[] | null;
  match: 'work' | 'home' | 'work_or_home';
  title: string;
  message: string;
  channels: Channel[];
  includeDrills: boolean;
  realertOnRise: boolean;
  realertSuppressionMinutes: number;
}

export type DisasterRuleInput =
  | (DisasterRuleFields & { hazard: 'earthquake'; minIntensity: (typeof seismicIntensities)[number] })
  | (DisasterRuleFields & { hazard: 'tsunami'; minTsunamiCategory: (typeof tsunamiCategories)[number] });

export type DisasterRule = DisasterRuleInput & { id: string; isDefault: boolean };

export interface RecentDisasterEvent {
  reportId: string;
  jmaEventId: string;
  status: string;
  infoType: string;
  title: string;
  headline: string;
  receivedAt: string;
  triggered: { ruleId: string; ruleName: string; alertId: string; drill: boolean; firedAt: string }[];
}

export type TemplateLanguage = 'ja' | 'en';

/** One language's message texts: `subject` (e-mail subject, push title), `body` (e-mail, LINE, webhook), `shortBody` (SMS, push). */
export interface TemplateTexts {
  subject: string;
  body: string;
  shortBody: string;
}

/** A PUT body: a language left out goes back to Anpi's default texts. */
export type TemplatesInput = Partial<Record<TemplateLanguage, TemplateTexts>>;

export interface MessageTemplatesView {
  /** Per language, the texts in use; `own: false` = Anpi's defaults. */
  templates: Record<TemplateLanguage, TemplateTexts & { own: boolean }>;
  variables: string[];
  limits: { smsMaxSegments: number; lineMaxCharacters: number; emailSubjectMaxCharacters: number };
  updatedAt: string | null;
}

export interface MessagePreviewRequest {
  language: TemplateLanguage;
  /** Unsaved texts; the saved ones (or the defaults) when absent. */
  templates?: TemplatesInput;
  /** The alert being written; a sample alert when absent. */
  title?: string;
  message?: string;
  drill?: boolean;
  reminder?: boolean;
}

/** One channel's message for a sample person as it would be sent, or why the channel cannot carry it. */
export type ChannelPreview =
  | { channel: Channel; fits: true; subject: string; body: string; characters: number; sms?: { segments: number; encoding: 'GSM-7' | 'UCS-2' } }
  | { channel: Channel; fits: false; problem: string; exceeded: ChannelLimitExceeded };

/** How far a message is over its channel's limit (the service's English `problem` says the same). */
export interface ChannelLimitExceeded {
  measure: 'characters' | 'segments' | 'bytes';
  actual: number;
  maximum: number;
  /** SMS: "GSM-7" or "UCS-2". */
  encoding?: string;
}

/** Whom a re-send asks again (the service's limits: 500 departments, 10,000 people). */
export interface ResendFilter {
  departmentIds?: string[];
  recipientIds?: string[];
}

/** alert-dispatch-service (/api/dispatch): alerts, recipient counts, "send again", disaster rules, JMA reports. */
export class DispatchApi {
  constructor(private readonly http: HttpClient) {}

  /** One Idempotency-Key per compose form: a double click or a retry creates one alert. */
  createAlert(request: CreateAlertRequest, idempotencyKey: string) {
    return this.http.json<{ id: string }>('POST', '/v1/alerts', { body: request, headers: { 'idempotency-key': idempotencyKey } });
  }

  recipientCount(target: AlertTarget, signal?: AbortSignal) {
    return this.http.json<{ count: number }>('POST', '/v1/alerts/recipient-count', { body: { target }, signal });
  }

  /** The tenant's alerts newest first (a department admin's scope applied by the service). */
  alerts(cursor?: string) {
    return this.http.json<AlertPage>('GET', '/v1/alerts', { query: cursor ? { limit: 25, cursor } : { limit: 25 } });
  }

  alert(alertId: string) {
    return this.http.json<AlertDetails>('GET', `/v1/alerts/${encodeURIComponent(alertId)}`);
  }

  /**
   * A re-send round to the non-responders now: all of them, or only those of some departments
   * (with their sub-departments) or some people. One Idempotency-Key per click: a retried
   * request starts one round, not two.
   */
  sendAgain(alertId: string, filter?: ResendFilter, idempotencyKey?: string) {
    return this.http.json<{ round: number }>('POST', `/v1/alerts/${encodeURIComponent(alertId)}/resend`, {
      ...(filter && { body: filter }),
      ...(idempotencyKey && { headers: { 'idempotency-key': idempotencyKey } }),
    });
  }

  /** Ends the safety check now: answers stop, queued messages are cancelled, no more re-sends. */
  closeAlert(alertId: string) {
    return this.http.json<{ state: string; closedAt: string | null }>('POST', `/v1/alerts/${encodeURIComponent(alertId)}/close`);
  }

  disasterRules() {
    return this.http.json<DisasterRule[]>('GET', '/v1/disaster-rules');
  }

  createDisasterRule(rule: DisasterRuleInput) {
    return this.http.json<DisasterRule>('POST', '/v1/disaster-rules', { body: rule });
  }

  replaceDisasterRule(ruleId: string, rule: DisasterRuleInput) {
    return this.http.json<DisasterRule>('PUT', `/v1/disaster-rules/${encodeURIComponent(ruleId)}`, { body: rule });
  }

  deleteDisasterRule(ruleId: string) {
    return this.http.json<void>('DELETE', `/v1/disaster-rules/${encodeURIComponent(ruleId)}`);
  }

  recentDisasterEvents() {
    return this.http.json<RecentDisasterEvent[]>('GET', '/v1/disaster-events', { query: { limit: 50 } });
  }

  channelSettings() {
    return this.http.json<{ channels: Record<string, unknown> }>('GET', '/v1/channel-settings');
  }

  /** Replaces the channel's settings as a whole, credentials included. */
  saveChannelSettings(channel: Channel, settings: Record<string, unknown>) {
    return this.http.json<{ channels: Record<string, unknown> }>('PUT', `/v1/channel-settings/${encodeURIComponent(channel)}`, { body: settings });
  }

  /** Back to the installation's provider. */
  resetChannelSettings(channel: Channel) {
    return this.http.json<void>('DELETE', `/v1/channel-settings/${encodeURIComponent(channel)}`);
  }

  messageTemplates() {
    return this.http.json<MessageTemplatesView>('GET', '/v1/message-templates');
  }

  /** Replaces the company's texts; a language left out goes back to the defaults. */
  saveMessageTemplates(templates: TemplatesInput) {
    return this.http.json<MessageTemplatesView>('PUT', '/v1/message-templates', { body: templates });
  }

  /** The questions the company's alerts ask (owners, admins, department admins). */
  questionSet() {
    return this.http.json<QuestionSetView>('GET', '/v1/question-set');
  }

  /** Replaces the company's questions as a whole; alerts already sent keep theirs. */
  saveQuestionSet(questions: Question[]) {
    return this.http.json<QuestionSetView>('PUT', '/v1/question-set', { body: { questions } });
  }

  /** Back to Anpi's default questions. */
  resetQuestionSet() {
    return this.http.json<QuestionSetView>('DELETE', '/v1/question-set');
  }

  /** Every channel's message as it would be sent, from unsaved or saved texts, for a sample or the alert being written. */
  previewMessages(request: MessagePreviewRequest, signal?: AbortSignal) {
    return this.http.json<{ channels: ChannelPreview[] }>('POST', '/v1/message-templates/preview', { body: request, signal });
  }

  /** The company's safety-check and delivery-settings audit log, newest first; owners and admins. */
  auditLog(cursor?: string) {
    return this.http.json<{ items: AuditEntry[]; nextCursor?: string | null }>('GET', '/v1/audit-log', { query: { cursor, limit: 100 } });
  }
}
