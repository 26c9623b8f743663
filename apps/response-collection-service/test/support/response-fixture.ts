import { buildEnvelope, EventEnvelope } from '@anpi/contracts';
import { KafkaEventContext } from '@anpi/messaging';
import { runInTenantTransaction } from '@anpi/persistence';
import { localServiceEnvironment } from '@anpi/testing';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';

export const safetyQuestions = [
  {
    id: 'safety',
    kind: 'choice',
    required: true,
    label: { ja: 'あなたの安否', en: 'Are you safe?' },
    choices: [
      { id: 'safe', label: { ja: '無事', en: 'Safe' } },
      { id: 'serious_injury', label: { ja: '重傷', en: 'Serious injury' } },
    ],
  },
  { id: 'comment', kind: 'text', required: false, maxLength: 200, label: { ja: 'コメント', en: 'Comment' } },
];

/** The service's own database, as the superuser, for seeding and checking. */
export function responseDatabase(): DataSource {
  const env = localServiceEnvironment('response-collection-service');
  return new DataSource({ type: 'postgres', host: env.PGHOST, port: Number(env.PGPORT), username: 'postgres', database: env.DB_NAME, poolSize: 4 });
}

/**
 * Runs one of the service's event handlers on the real database, in a tenant transaction, as
 * the Kafka consumer would (the transport itself is covered by libs/messaging's tests; a
 * locally running stack may own the consumer group, so these tests feed the handler directly).
 */
export async function deliverEvent<T>(
  dataSource: DataSource,
  handler: (event: EventEnvelope<T>, context: KafkaEventContext) => Promise<void>,
  type: string,
  tenantId: string,
  payload: T,
): Promise<void> {
  const event = buildEnvelope({ type, version: 1, tenantId, payload });
  await runInTenantTransaction(dataSource, tenantId, (manager: EntityManager) => handler(event, { manager } as unknown as KafkaEventContext));
}

/** An answer token as dispatch issues it, and the hash it announces. */
export function newAnswerToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: createHash('sha256').update(token).digest('base64url') };
}
