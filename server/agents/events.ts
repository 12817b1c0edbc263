import type { Knex } from 'knex';

export type AgentEventSubject = 'account' | 'principal' | 'authorization' | 'bulk_upload' | 'submission';

/** One append-only event: ids and facts only, never names, emails, addresses or documents. */
export async function recordAgentEvent(
  trx: Knex | Knex.Transaction,
  event: { subject: AgentEventSubject; subjectId: number; type: string; actor: 'agent' | 'consumer' | 'system'; actorId?: number; occurredAt: Date; data?: Record<string, unknown> },
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
