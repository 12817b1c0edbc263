import type { Knex } from 'knex';
import { z } from 'zod';
import {
  computeDeadline,
  DeadlineInputError,
  dueStatement,
  explanationItemSchema,
  explanationLine,
  vendorPromisesFrom,
  type Deadline,
  type ExplanationItem,
} from '../deadlines';
import type { Clock } from '../shared/clock';
import { vendorDeadlineFacts } from '../vendors';

/** A request's deadline as the consumer sees it: the stored one (`source: clock`) or the planned one. */
export const deadlineViewSchema = z.object({
  source: z.enum(['clock', 'planned']),
  regime: z.string(),
  received_on: z.string(),
  due: z.string(),
  extended_due: z.string().nullable(),
  ack_due: z.string().nullable(),
  effective_due: z.string(),
  paused_since: z.string().nullable(),
  closed_at: z.string().nullable(),
  explanation: z.array(z.string()).describe('how the deadline was worked out, in English'),
  explanation_items: z
    .array(explanationItemSchema)
    .nullable()
    .describe(
      'the same lines as codes with parameters, for a page to say in its language; null for a deadline stored before they existed',
    ),
  basis: z.array(z.looseObject({})).describe('each period considered (statute, vendor promise, extension)'),
  statement: z
    .object({
      kind: z.enum(['statute', 'promise', 'follow_up']),
      citation: z.string(),
      legal_due: z.string().nullable(),
      legal_citation: z.string(),
    })
    .nullable()
    .describe("what the due date is: the law's deadline, the company's promise, or a follow-up point"),
});

/**
 * The request's deadline as stored by the deadlines feature once the vendor received it. The table belongs to that
 * feature and may not exist in every deployment yet, so its presence is checked (once per process).
 */
let hasDeadlineTable: Promise<boolean> | undefined;

export async function storedDeadline(db: Knex, requestId: number) {
  hasDeadlineTable ??= db
    .raw<{ rows: { t: string | null }[] }>("select to_regclass('public.request_deadlines')::text as t")
    .then((r) => r.rows[0]?.t != null)
    .catch(() => false);
  if (!(await hasDeadlineTable)) return undefined;
  const row = await db('request_deadlines').where({ request_id: requestId }).first();
  if (!row) return undefined;
  const state = (row.state ?? {}) as {
    explanation?: string[];
    explanation_items?: ExplanationItem[];
    basis?: unknown[];
  };
  const statement = Array.isArray(state.basis) && state.basis.length > 0 ? whatTheDateIs(state as Deadline) : null;
  return {
    // 'clock' is the API's name for a stored deadline (kept: the web client and other readers rely on it)
    source: 'clock' as const,
    regime: row.regime as string,
    received_on: row.received_on as string,
    due: row.due as string,
    extended_due: (row.extended_due as string | null) ?? null,
    ack_due: (row.ack_due as string | null) ?? null,
    effective_due: row.effective_due as string,
    paused_since: (row.paused_since as string | null) ?? null,
    closed_at: row.closed_at ? new Date(row.closed_at).toISOString() : null,
    explanation: state.explanation ?? [],
    explanation_items: state.explanation_items ?? (state.explanation?.length ? null : []),
    basis: state.basis ?? [],
    statement,
  };
}

/** What the due date is (the law's deadline, the company's promise, or a follow-up point), for the pages. */
function whatTheDateIs(d: Deadline) {
  const s = dueStatement(d);
  return { kind: s.kind, citation: s.citation, legal_due: s.legal_due, legal_citation: s.legal_citation };
}

/**
 * Before the vendor has received the request there is no deadline yet; this shows what the deadline WOULD be if it
 * arrived today (computed, not stored), so the consumer knows what to expect.
 */
export async function plannedDeadline(
  db: Knex,
  clock: Clock,
  request: { vendor: { slug: string }; jurisdiction: string; right: string },
) {
  const facts = (await vendorDeadlineFacts(db, request.vendor.slug)) ?? [];
  try {
    const d = computeDeadline({
      jurisdiction: request.jurisdiction,
      right: request.right,
      received: clock.now(),
      vendorPromises: vendorPromisesFrom(request.vendor.slug, facts),
    });
    const notReceived: ExplanationItem = { code: 'not_received', params: { received: d.received } };
    return {
      source: 'planned' as const,
      regime: d.regime,
      received_on: d.received,
      due: d.due,
      extended_due: d.extended_due,
      ack_due: d.ack_due,
      effective_due: d.due,
      paused_since: null,
      closed_at: null,
      explanation: [explanationLine(notReceived), ...d.explanation],
      explanation_items: [notReceived, ...d.explanation_items],
      basis: d.basis,
      statement: whatTheDateIs(d),
    };
  } catch (err) {
    if (err instanceof DeadlineInputError) return null;
    throw err;
  }
}
