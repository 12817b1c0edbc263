import type { Knex } from 'knex';

/** What an event of the consumer and agent flows is about (staff and registry events have their own writers). */
export type EventSubject = 'request' | 'submission' | 'account' | 'principal' | 'authorization' | 'bulk_upload';

/** One append-only event: ids and facts only, never personal data (names, addresses, emails, documents stay in their rows). */
export async function recordEvent(
  trx: Knex | Knex.Transaction,
  event: {
    subject: EventSubject;
    subjectId: number;
    type: string;
    actor: 'consumer' | 'agent' | 'system';
    actorId?: number;
    occurredAt: Date;
    data?: Record<string, unknown>;
  },
): Promise<void> {
  await trx('events').insert({
    subject_type: event.subject,
    subject_id: event.subjectId,
    type: event.type,
    actor_type: event.actor,
    actor_id: event.actorId === undefined ? null : String(event.actorId),
    data: JSON.stringify(event.data ?? {}),
    occurred_at: event.occurredAt,
  });
}
