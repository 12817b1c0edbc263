import type { Knex } from 'knex';
import { z } from 'zod';
import { addCalendarDays, parseIsoDate, receiptDate, timezoneFor } from '../deadlines';
import { recordEvent } from '../events';
import { conflict, notFound, validationFailed } from '../http';
import type { Clock } from '../shared/clock';
import { CLOSED_STATUSES, type RequestStatus } from './request-status';

/**
 * California's Delete Request and Opt-out Platform (DROP): one deletion request, made on the state's site, that every
 * registered data broker must act on (the Delete Act, SB 362). The portal explains it to a California resident who
 * asks a registered broker to delete, still files its own request (DROP does not reach people-search listings built
 * from public records, first-party data, or companies that are not registered brokers), and, where the consumer says
 * they used DROP, tracks the broker's statutory cycle.
 *
 * The cycle (Cal. Civ. Code § 1798.99.86(c)): from 1 August 2026 a broker must access DROP at least once every 45 days
 * and delete within 45 days after receiving a request. A request made on day D is therefore retrieved by day D + 45
 * at the latest (counted from 1 August 2026 for a request made earlier) and must be processed within 45 days after
 * that: the latest lawful date is that start + 90 days. A broker whose request is still open after it is overdue.
 */
export const DROP = {
  name: 'DROP, the Delete Request and Opt-out Platform',
  url: 'https://privacy.ca.gov/drop/',
  operator: 'California Privacy Protection Agency',
  citation: 'Cal. Civ. Code § 1798.99.86(c) (the Delete Act, SB 362)',
  /** the platform opened to consumers */
  opened: '2026-01-01',
  /** brokers must process DROP requests from this date */
  processingStarts: '2026-08-01',
  accessEveryDays: 45,
  processWithinDays: 45,
} as const;

const DROP_JURISDICTION = 'US-CA';

/** DROP reaches this request: a California resident asking a registered data broker to delete. */
export function dropApplies(input: { jurisdiction: string; right: string; registeredDataBroker: boolean }): boolean {
  return input.jurisdiction === DROP_JURISDICTION && input.right === 'deletion' && input.registeredDataBroker;
}

/** What the consumer is told when DROP applies (intake warning and the request's status page). */
export function dropExplanation(brokerName: string): string {
  return (
    `${brokerName} is a data broker registered in California, so you can also use ${DROP.name} at ${DROP.url}: ` +
    `one free request, run by the ${DROP.operator}, that every registered data broker must act on. ` +
    `Brokers must check DROP at least every 45 days and delete within 45 days after that (${DROP.citation}). ` +
    `We still send your own request to ${brokerName}: DROP does not reach everything (for example people-search ` +
    `listings built from public records, or data the broker collected from you directly).`
  );
}

/** The latest date a broker may process a DROP request made on `submittedOn`. */
export function dropProcessingDueOn(submittedOn: string): string {
  const start = submittedOn < DROP.processingStarts ? DROP.processingStarts : submittedOn;
  return addCalendarDays(start, DROP.accessEveryDays + DROP.processWithinDays);
}

export const dropStatusSchema = z.object({
  applies: z.literal(true),
  broker: z.string().describe("the broker's name (the request's company)"),
  url: z.string(),
  explanation: z
    .string()
    .describe('in English; a page in another language says it from `broker`, `url` and `citation`'),
  citation: z.string(),
  submitted_on: z.string().nullable().describe('the day the consumer made their DROP request; null until they say so'),
  processing_due_on: z.string().nullable().describe('the latest day the broker may process it (45 + 45 days)'),
  overdue: z.boolean(),
  overdue_message: z
    .string()
    .nullable()
    .describe('in English; a page in another language says it from `broker`, `processing_due_on` and `citation`'),
});
export type DropStatus = z.infer<typeof dropStatusSchema>;

/** DROP for one request (null when it does not apply): the offer, and the cycle once the consumer used it. */
export async function dropStatus(
  db: Knex,
  clock: Clock,
  request: { id: number; jurisdiction: string; right: string; status: string; vendor_id: number; vendor_name: string },
): Promise<DropStatus | null> {
  const vendor = await db('vendors').where({ id: request.vendor_id }).first('registered_data_broker');
  if (!dropApplies({ ...request, registeredDataBroker: !!vendor?.registered_data_broker })) return null;
  const filing = await db('drop_filings').where({ request_id: request.id }).first('submitted_on');
  const submittedOn: string | null = filing ? (filing.submitted_on as string) : null;
  const dueOn = submittedOn ? dropProcessingDueOn(submittedOn) : null;
  const today = receiptDate(clock.now(), timezoneFor(DROP_JURISDICTION) ?? 'America/Los_Angeles');
  const open = !(CLOSED_STATUSES as readonly string[]).includes(request.status);
  const overdue = dueOn !== null && open && today > dueOn;
  return {
    applies: true,
    broker: request.vendor_name,
    url: DROP.url,
    explanation: dropExplanation(request.vendor_name),
    citation: DROP.citation,
    submitted_on: submittedOn,
    processing_due_on: dueOn,
    overdue,
    overdue_message: overdue
      ? `${request.vendor_name} had to process your DROP request by ${dueOn} (${DROP.citation}) and has not confirmed it.`
      : null,
  };
}

/**
 * The consumer (or staff for them) records the day they made their DROP request. Once per request; a later call with
 * another date corrects it (the event keeps both). Refused where DROP does not apply, and for dates before DROP opened
 * or after today.
 */
export async function recordDropSubmission(
  db: Knex,
  clock: Clock,
  input: { requestId: number; submittedOn: string; actor: 'consumer' | 'system'; actorId?: number },
): Promise<DropStatus> {
  const submittedOn = parseIsoDate(input.submittedOn);
  if (!submittedOn) throw validationFailed([{ field: 'submitted_on', message: 'must be a date (YYYY-MM-DD)' }]);
  const today = receiptDate(clock.now(), timezoneFor(DROP_JURISDICTION) ?? 'America/Los_Angeles');
  if (submittedOn < DROP.opened)
    throw validationFailed([
      { field: 'submitted_on', message: `DROP opened on ${DROP.opened}; a date before it cannot be a DROP request` },
    ]);
  if (submittedOn > today) throw validationFailed([{ field: 'submitted_on', message: 'must not be in the future' }]);
  return db.transaction(async (trx) => {
    const request = await trx('requests as r')
      .join('vendors as v', 'v.id', 'r.vendor_id')
      .where('r.id', input.requestId)
      .forUpdate('r')
      .first('r.id', 'r.jurisdiction', 'r.right', 'r.status', 'r.vendor_id', 'v.name as vendor_name');
    if (!request) throw notFound('No such request.');
    const row = { ...request, id: Number(request.id), vendor_id: Number(request.vendor_id) } as {
      id: number;
      jurisdiction: string;
      right: string;
      status: RequestStatus;
      vendor_id: number;
      vendor_name: string;
    };
    const before = await dropStatus(trx, clock, row);
    if (!before)
      throw conflict(
        'DROP covers deletion requests by California residents to registered data brokers; this request is not one.',
      );
    const now = clock.now();
    await trx('drop_filings')
      .insert({ request_id: row.id, submitted_on: submittedOn, recorded_at: now })
      .onConflict('request_id')
      .merge(['submitted_on', 'recorded_at']);
    await recordEvent(trx, {
      type: 'drop_submission_recorded',
      subjectId: row.id,
      actor: { type: input.actor, id: input.actorId },
      at: now,
      payload: { submitted_on: submittedOn, processing_due_on: dropProcessingDueOn(submittedOn) },
    });
    return (await dropStatus(trx, clock, row))!;
  });
}
