import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { AlertState } from './alert-lifecycle';
import type { AlertTarget } from './alert-target';
import type { QuestionSet } from './question-set';

@Entity({ name: 'alerts' })
export class Alert {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @Column('text')
  state!: AlertState;

  @Column('text')
  title!: string;

  @Column('text')
  message!: string;

  @Column('jsonb')
  questions!: QuestionSet;

  @Column('jsonb')
  target!: AlertTarget;

  @Column('text', { array: true })
  channels!: string[];

  @Column('boolean')
  drill!: boolean;

  @Column('text')
  source!: 'manual' | 'disaster-rule' | 'internal';

  @Column('text', { name: 'created_by' })
  createdBy!: string;

  @Column('text', { name: 'idempotency_key', nullable: true })
  idempotencyKey!: string | null;

  @Column('text', { name: 'request_hash' })
  requestHash!: string;

  @Column('int', { name: 'resend_interval_minutes' })
  resendIntervalMinutes!: number;

  @Column('int', { name: 'resend_max_rounds' })
  resendMaxRounds!: number;

  @Column('timestamptz', { name: 'closes_at' })
  closesAt!: Date;

  @Column('timestamptz', { name: 'closed_at', nullable: true })
  closedAt!: Date | null;

  @Column('int', { name: 'widen_to_all_after_minutes', nullable: true })
  widenToAllAfterMinutes!: number | null;

  @Column('timestamptz', { name: 'widened_at', nullable: true })
  widenedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

export interface AlertView {
  id: string;
  state: AlertState;
  title: string;
  message: string;
  questions: QuestionSet;
  target: AlertTarget;
  channels: string[];
  drill: boolean;
  source: Alert['source'];
  resend: { intervalMinutes: number; maxRounds: number };
  /** Null when the alert is never widened to everyone. */
  widening: { afterMinutes: number; widenedAt: string | null } | null;
  closesAt: string;
  closedAt: string | null;
  createdAt: string;
}

export function toAlertView(alert: Alert): AlertView {
  return {
    id: alert.id,
    state: alert.state,
    title: alert.title,
    message: alert.message,
    questions: alert.questions,
    target: alert.target,
    channels: alert.channels,
    drill: alert.drill,
    source: alert.source,
    resend: { intervalMinutes: alert.resendIntervalMinutes, maxRounds: alert.resendMaxRounds },
    widening: alert.widenToAllAfterMinutes === null ? null : { afterMinutes: alert.widenToAllAfterMinutes, widenedAt: alert.widenedAt?.toISOString() ?? null },
    closesAt: alert.closesAt.toISOString(),
    closedAt: alert.closedAt?.toISOString() ?? null,
    createdAt: alert.createdAt.toISOString(),
  };
}
