/**
 * The one writer of `events`. `recordEvent` and `recordEvents` check each event against the catalogue (its type, its
 * subject, its payload) and insert it in the caller's transaction; `eventsInsertSql` is the same writer for a statement
 * that must insert its events itself (the consumer intake's prepared statement, one event per stored submission). Nothing else inserts into
 * `events` (test/unit/table-writers.test.ts fails when something does).
 */
import type { Knex } from 'knex';
import { z } from 'zod';
import {
  CATALOGUE,
  EVENT_ACTORS,
  isEventType,
  type EventActorType,
  type EventPayload,
  type EventSubject,
  type EventType,
} from './catalogue';

/** Who caused the event: `id` is the account, requester or other id of that kind of actor (none for the system). */
interface EventActor {
  type: EventActorType;
  id?: string | number | null;
}

export interface NewEvent<T extends EventType = EventType> {
  type: T;
  subjectId: number;
  /** only for a type the catalogue allows on several subjects (default: its first) */
  subjectType?: EventSubject;
  actor: EventActor;
  /** why, in words staff or the system give (never a consumer's own words: they are personal data) */
  reason?: string | null;
  /** when it happened (default: the database's time) */
  at?: Date;
  payload: EventPayload<T>;
}

/** An event the catalogue does not describe: a programming error, never a user's. */
export class EventRefusedError extends Error {
  override name = 'EventRefusedError';
}

function entryOf(type: string) {
  if (!isEventType(type))
    throw new EventRefusedError(`unknown event type "${type}": add it to the catalogue (server/events/catalogue.ts)`);
  return CATALOGUE[type];
}

function checkedPayload(type: string, schema: z.ZodType, payload: unknown): Record<string, unknown> {
  // checked as it will be stored (JSON: a Date becomes its ISO string, undefined keys disappear)
  const parsed = schema.safeParse(JSON.parse(JSON.stringify(payload ?? {})));
  if (!parsed.success) throw new EventRefusedError(`event "${type}": bad payload: ${z.prettifyError(parsed.error)}`);
  return parsed.data as Record<string, unknown>;
}

function checkedActor(type: string, actor: EventActor): EventActorType {
  if (!(EVENT_ACTORS as readonly string[]).includes(actor.type))
    throw new EventRefusedError(`event "${type}": unknown actor type "${actor.type}"`);
  return actor.type;
}

/** The row of `event`, checked against the catalogue. */
function rowOf(event: NewEvent) {
  const entry = entryOf(event.type);
  const subjectType = event.subjectType ?? entry.subjects[0];
  if (!(entry.subjects as readonly string[]).includes(subjectType))
    throw new EventRefusedError(`event "${event.type}" is not about a ${subjectType}`);
  if (!Number.isSafeInteger(event.subjectId) || event.subjectId <= 0)
    throw new EventRefusedError(`event "${event.type}": subject id ${String(event.subjectId)} is not an id`);
  return {
    subject_type: subjectType,
    subject_id: event.subjectId,
    type: event.type,
    actor_type: checkedActor(event.type, event.actor),
    actor_id: event.actor.id === undefined || event.actor.id === null ? null : String(event.actor.id),
    reason: event.reason ?? null,
    data: JSON.stringify(checkedPayload(event.type, entry.payload, event.payload)),
    ...(event.at ? { occurred_at: event.at } : {}),
  };
}

/** Records one event in the caller's transaction. Answers its id. Throws EventRefusedError (nothing written) if the
 * catalogue does not describe it. */
export async function recordEvent<T extends EventType>(
  trx: Knex | Knex.Transaction,
  event: NewEvent<T>,
): Promise<number> {
  const [row] = await trx('events')
    .insert(rowOf(event as NewEvent))
    .returning<{ id: number }[]>('id');
  return row!.id;
}

const ROWS_PER_STATEMENT = 1000;

/** Records many events (bulk work) in statements of 1,000 rows; every one is checked first, so a refusal writes none. */
export async function recordEvents<T extends EventType>(
  trx: Knex | Knex.Transaction,
  events: readonly NewEvent<T>[],
): Promise<void> {
  const rows = events.map((e) => rowOf(e as NewEvent));
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT)
    await trx('events').insert(rows.slice(i, i + ROWS_PER_STATEMENT));
}

const sqlWord = (value: string) => {
  if (!/^[a-z][a-z0-9_]*$/.test(value)) throw new EventRefusedError(`"${value}" cannot be written into SQL`);
  return `'${value}'`;
};

/**
 * The same writer as SQL, for a statement that inserts its own events: `insert into events ... select ... from <from>`,
 * one event of `type` per row of `from` (a CTE or table of the caller's statement). `subjectId`, `actorId` and the
 * values of `sqlPayload` are SQL expressions over the columns of `from`; the rest of each row's payload is the jsonb
 * column `payloadColumn` of `from`, holding what `rowPayload` answered for that row (checked against the catalogue,
 * like any event); `occurredAt` is the SQL expression of its time. The SQL text is fixed once built and has no
 * placeholders, so the statement can be prepared, whatever the number of rows.
 */
export function eventsInsertSql<T extends EventType, K extends keyof EventPayload<T> & string = never>(
  type: T,
  shape: {
    from: string;
    subjectId: string;
    actorType: EventActorType;
    actorId?: string;
    sqlPayload?: Record<K, string>;
    payloadColumn: string;
    occurredAt: string;
  },
): { sql: string; rowPayload(payload: Omit<EventPayload<T>, K>): Record<string, unknown> } {
  const entry = entryOf(type);
  checkedActor(type, { type: shape.actorType });
  const sqlKeys = Object.keys(shape.sqlPayload ?? {}) as K[];
  const rest = (entry.payload as z.ZodObject).omit(
    Object.fromEntries(sqlKeys.map((k) => [k, true])) as Record<string, true> & Record<number, never>,
  );
  const built = sqlKeys.map((k) => `${sqlWord(k)}, ${(shape.sqlPayload as Record<K, string>)[k]}`).join(', ');
  const sql =
    'insert into events (subject_type, subject_id, type, actor_type, actor_id, data, occurred_at) ' +
    `select ${sqlWord(entry.subjects[0])}, ${shape.subjectId}, ${sqlWord(type)}, ${sqlWord(shape.actorType)}, ` +
    `${shape.actorId ?? 'null'}, ${shape.payloadColumn}${sqlKeys.length ? ` || jsonb_build_object(${built})` : ''}, ` +
    `${shape.occurredAt} from ${shape.from}`;
  return {
    sql,
    rowPayload: (payload) => checkedPayload(type, rest, payload),
  };
}
