import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Config } from '../config';
import { ruleFor } from '../deadlines';
import { eventsInsertSql } from '../events';
import { AppError, conflict } from '../http';
import { publishedVendorsWithRevision } from '../vendors';
import { outboxInsertSql } from '../queue';
import type { Clock } from '../shared/clock';
import { gpcEvidence } from '../shared/opt-out-signals';
import { withIdempotency, type StoredResponse } from './idempotency';
import type { IntakeBody, IntakeResponse, IntakeWarning } from './intake.schema';
import type { PlanItem } from './request-creation';
import { DUPLICATE_WINDOW_MS, openDuplicates, type Duplicate } from './duplicates';
import { channelSourceColumns, chooseChannel } from './routing';
import { checkIntake, type CheckedIntake } from './rules-check';
import { firstLinkExpiry } from './submission-mail';
import { insertSubmissions, submissionRowsInsertCtes } from './submission-store';
import { storedUnlisted, unlistedView, unlistedWarnings } from './unlisted';
import { warningsFor } from './warnings';

export interface IntakeDeps {
  config: Config;
  db: Knex;
  clock: Clock;
}

export { DUPLICATE_WINDOW_MS };
const INTAKE_SCOPE = 'POST /api/requests';

export type Planned = IntakeResponse['planned'][number] & {
  vendor_id: number;
  channel_fact_id: number | null;
  vendor_channel_id: number | null;
};

export function plan(checked: CheckedIntake, jurisdiction: string): Planned[] {
  return checked.vendors.flatMap(({ id, profile }) => {
    const channel = chooseChannel(profile, jurisdiction);
    return checked.rights.map(({ right, requested_as }) => ({
      vendor: profile.slug,
      vendor_id: id,
      right,
      requested_as,
      channel: channel ? { type: channel.type, value: channel.value } : null,
      ...channelSourceColumns(channel),
      warnings: warningsFor(profile, right, jurisdiction, channel),
    }));
  });
}

/** Every planned warning once (a vendor's routing note applies to each of its rights), plus submission-wide ones. */
export function summaryWarnings(planned: Planned[], jurisdiction: string): IntakeWarning[] {
  const out: IntakeWarning[] = [];
  const seen = new Set<string>();
  for (const w of planned.flatMap((p) => p.warnings)) {
    const key = `${w.code}|${w.vendor}|${w.citation?.fact_id ?? w.message}`;
    if (!seen.has(key)) out.push(w);
    seen.add(key);
  }
  const followUp = [...new Set(planned.map((p) => p.right))]
    .map((r) => ruleFor(jurisdiction, r))
    .find((rule) => rule?.kind === 'follow_up');
  if (followUp) {
    out.push({
      code: 'no_fixed_deadline',
      vendor: null,
      message: `${followUp.regimeName} sets no fixed number of days; we follow up after ${followUp.response.amount} days.`,
      citation: { fact_id: null, quote: followUp.citation },
    });
  }
  return out;
}

/**
 * An agent filing for a principal: open requests THIS agent filed for the same email, vendor and right within the
 * duplicate window are refused with 409 unless confirmed; once confirmed, a warning naming them is added to
 * `warnings`. Requests filed by the person themselves or by another agent are never considered (nor named).
 */
export async function refuseUnconfirmedDuplicates(
  trx: Knex | Knex.Transaction,
  input: {
    email: string;
    planned: Planned[];
    now: Date;
    confirmed: boolean | undefined;
    holder: string;
    warnings: IntakeWarning[];
    agentAccountId: number;
  },
) {
  const duplicates = await openDuplicates(trx, {
    email: input.email,
    planned: input.planned,
    since: new Date(input.now.getTime() - DUPLICATE_WINDOW_MS),
    agentAccountId: input.agentAccountId,
  });
  judgeDuplicates(duplicates, input);
  return duplicates;
}

/** Throws the 409 for unconfirmed duplicates; adds the warning naming confirmed ones. */
function judgeDuplicates(
  duplicates: Duplicate[],
  input: { confirmed: boolean | undefined; holder: string; warnings: IntakeWarning[] },
): void {
  if (duplicates.length && !input.confirmed) {
    throw conflict(
      `${input.holder} ${duplicates.length === 1 ? 'an open request' : 'open requests'} for this: ${duplicates.map((d) => d.reference).join(', ')}. ` +
        'Send again with "confirm_duplicates": true to file anyway.',
      {
        duplicates: duplicates.map((d) => ({
          reference: d.reference,
          vendor: d.vendor,
          right: d.right,
          status: d.status,
          created_at: new Date(d.created_at).toISOString(),
        })),
      },
    );
  }
  if (duplicates.length) {
    input.warnings.push({
      code: 'duplicate_confirmed',
      vendor: null,
      message: `Filed although open requests exist: ${duplicates.map((d) => d.reference).join(', ')}.`,
      citation: null,
    });
  }
}

/**
 * Stores the requester and their submission (its plan, warnings, details, corrections and identifiers) in the caller's
 * transaction: awaiting email verification for a consumer, already verified when an agent files.
 */
export async function storeSubmission(
  trx: Knex.Transaction,
  input: {
    body: Pick<IntakeBody, 'requester' | 'jurisdiction' | 'details' | 'corrections' | 'language'>;
    planned: Planned[];
    /** unlisted companies named, with the rights asked of them (unlisted.ts) */
    unlisted?: ReturnType<typeof storedUnlisted>;
    warnings: IntakeWarning[];
    confirmedDuplicates: boolean;
    now: Date;
    verified: boolean;
  },
): Promise<{ requesterId: number; submissionId: number; publicId: string; plan: PlanItem[] }> {
  const plan = planItems(input.planned);
  const [stored] = await insertSubmissions(trx, [
    {
      requester: input.body.requester,
      jurisdiction: input.body.jurisdiction,
      plan,
      warnings: input.warnings,
      details: input.body.details,
      corrections: input.body.corrections,
      confirmedDuplicates: input.confirmedDuplicates,
      unlisted: input.unlisted,
      language: input.body.language ?? null,
      verified: input.verified,
      now: input.now,
    },
  ]);
  return { ...stored!, plan };
}

const planItems = (planned: Planned[]): PlanItem[] =>
  planned.map((p) => ({ vendor_id: p.vendor_id, vendor_slug: p.vendor, right: p.right, requested_as: p.requested_as }));

/**
 * The consumer intake's statement (it is the portal's busiest write). For each submission given: nothing is stored when
 * the registry changed since its vendors were read (the caller reads them again); otherwise the requester, the
 * submission, the outbox job that has the worker issue the verification link (submission-mail.ts) and the
 * `submission_received` event, each written by its table's one writer in its SQL form (submission-store.ts, the queue's
 * outbox, the event catalogue). The submissions come as one jsonb array, so one prepared statement stores a batch of
 * any size: one round trip and one commit for all of them (`IntakeBatches`). It reads nothing about other submissions
 * or requests: whoever submits gets the same answer whether or not the email address already has open requests (those
 * are told to the address owner, in the verification email).
 */
const STORE_SUBMISSIONS = submissionRowsInsertCtes('accepted');
const VERIFICATION_JOB = outboxInsertSql('issue-verification', {
  from: 'stored',
  payload: { submissionId: 'submission_id' },
});
const RECEIVED_EVENT = eventsInsertSql('submission_received', {
  from: 'stored',
  subjectId: 'submission_id',
  actorType: 'consumer',
  actorId: 'requester_id::text',
  sqlPayload: { requester_id: 'requester_id' },
  payloadColumn: 'event_data',
  occurredAt: 's_created_at',
});
const STORE_CONSUMER_SUBMISSIONS_SQL = `
  with input as (select * from jsonb_to_recordset(?::jsonb)
                   as x(ord int, revision text, event_data jsonb, ${STORE_SUBMISSIONS.recordColumns})),
  accepted as (select input.* from input join registry_revision r on input.revision = r.n::text),
  ${STORE_SUBMISSIONS.sql},
  job as (${VERIFICATION_JOB.sql}),
  event as (${RECEIVED_EVENT.sql})
  select input.ord, stored.submission_id from input left join stored using (ord)`;

/** One submission waiting for the intake statement: its row, and whoever waits for its stored id (null: stale). */
interface PendingIntake {
  row: Record<string, unknown>;
  settle: (result: { submissionId: number | null } | { error: unknown }) => void;
}

const MAX_BATCH = 100;
const MAX_STATEMENTS_IN_FLIGHT = 2;

/**
 * Group commit for the consumer intake. Submissions that arrive while the database is busy with earlier ones are stored
 * together in one statement when it is free: one round trip, one plan execution and one WAL flush for the batch instead
 * of one each. An idle portal sends each submission at once (at most one turn of the event loop later), so batching
 * adds no wait. Every submission is answered only once its statement has committed. A batch that fails is tried again
 * one submission at a time, so one submission's error (a bad value, a lost connection) is that submission's alone.
 */
class IntakeBatches {
  private waiting: PendingIntake[] = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(private readonly db: Knex) {}

  store(row: Record<string, unknown>): Promise<number | null> {
    return new Promise((resolve, reject) => {
      this.waiting.push({
        row,
        settle: (result) => ('error' in result ? reject(result.error) : resolve(result.submissionId)),
      });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= MAX_STATEMENTS_IN_FLIGHT || this.waiting.length === 0) return;
    this.scheduled = true;
    // the rest of this turn's submissions join the batch
    setImmediate(() => {
      this.scheduled = false;
      const batch = this.waiting.splice(0, MAX_BATCH);
      if (batch.length === 0) return;
      this.inFlight++;
      void this.run(batch).finally(() => {
        this.inFlight--;
        this.schedule();
      });
      this.schedule();
    });
  }

  private async run(batch: PendingIntake[]): Promise<void> {
    try {
      const ids = await storeSubmissionRows(
        this.db,
        batch.map((p) => p.row),
      );
      batch.forEach((p, i) => p.settle({ submissionId: ids[i] ?? null }));
    } catch (err) {
      if (batch.length === 1) return batch[0]!.settle({ error: err });
      await Promise.all(
        batch.map((p) =>
          storeSubmissionRows(this.db, [p.row]).then(
            ([id]) => p.settle({ submissionId: id ?? null }),
            (error: unknown) => p.settle({ error }),
          ),
        ),
      );
    }
  }
}

/** Runs the intake statement: each row's stored submission id, or null where the registry changed under it. */
async function storeSubmissionRows(conn: Knex | Knex.Transaction, rows: Record<string, unknown>[]) {
  const { rows: stored } = await conn
    .raw<{ rows: { ord: number; submission_id: string | null }[] }>(STORE_CONSUMER_SUBMISSIONS_SQL, [
      JSON.stringify(rows.map((row, ord) => ({ ...row, ord }))),
      ...VERIFICATION_JOB.bindings(conn),
    ] as Knex.RawBinding[])
    .options({ name: 'store-consumer-submissions' }); // prepared once per connection: planning it costs more than running it
  const ids: (number | null)[] = rows.map(() => null);
  for (const r of stored) ids[r.ord] = r.submission_id === null ? null : Number(r.submission_id);
  return ids;
}

const batchesByDb = new WeakMap<Knex, IntakeBatches>();
const batchesOf = (db: Knex) => {
  let batches = batchesByDb.get(db);
  if (!batches) batchesByDb.set(db, (batches = new IntakeBatches(db)));
  return batches;
};

/** The registry changed between reading the vendors and storing: read them again. */
class RegistryChanged extends Error {}
const REGISTRY_ATTEMPTS = 3;

/**
 * Takes a consumer's submission: checks it against the law and the registry, and stores it with the job that emails
 * the verification link (which also tells the address owner of any open request for the same thing). Requests are created only once the email
 * address is verified (verification.service.ts). The vendors come from the registry cache; the statement that stores
 * the submission confirms they are current, and if not, the submission is checked again against a fresh read.
 */
export async function submitIntake(
  deps: IntakeDeps,
  body: IntakeBody,
  idempotencyKey: string | undefined,
  signals: IntakeSignals = { gpcHeader: false },
): Promise<StoredResponse<IntakeResponse>> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await submitAtRevision(deps, body, idempotencyKey, signals, attempt === 1 ? 'cached' : 'checked');
    } catch (err) {
      if (!(err instanceof RegistryChanged)) throw err;
      if (attempt === REGISTRY_ATTEMPTS)
        throw new AppError(
          'dependency_unavailable',
          'The vendor registry is being updated; send the request again in a moment.',
        );
    }
  }
}

/** What the consumer's browser said beyond the body: the `Sec-GPC` header (Global Privacy Control). */
export interface IntakeSignals {
  gpcHeader: boolean;
}

async function submitAtRevision(
  deps: IntakeDeps,
  body: IntakeBody,
  idempotencyKey: string | undefined,
  signals: IntakeSignals,
  read: 'cached' | 'checked',
): Promise<StoredResponse<IntakeResponse>> {
  const slugs = [...new Set(body.vendors)];
  const { vendors, revision } = await publishedVendorsWithRevision(deps.db, slugs, read);
  const checked = await checkIntake(deps.db, body, new Map(slugs.map((slug) => [slug, vendors.get(slug) ?? null])));
  const planned = plan(checked, body.jurisdiction);
  const unlisted = storedUnlisted(body.unlisted_vendors, checked.rights);
  const warnings = [...summaryWarnings(planned, body.jurisdiction), ...unlistedWarnings(unlisted)];
  const store = async (conn: Knex | Knex.Transaction) => {
    const now = deps.clock.now();
    const gpc = gpcEvidence(signals.gpcHeader, body.global_privacy_control, now);
    const eventData = {
      jurisdiction: body.jurisdiction,
      vendor_ids: checked.vendors.map((v) => v.id),
      rights: checked.rights.map((r) => r.right),
      unlisted_companies: unlisted.length,
    };
    const submission = {
      requester: body.requester,
      jurisdiction: body.jurisdiction,
      plan: planItems(planned),
      warnings,
      details: body.details,
      corrections: body.corrections,
      confirmedDuplicates: false,
      unlisted,
      gpc,
      language: body.language ?? null,
      verified: false,
      now,
      publicId: randomUUID(),
    };
    const row = {
      revision,
      event_data: RECEIVED_EVENT.rowPayload(eventData),
      ...STORE_SUBMISSIONS.row(submission),
    };
    // outside a transaction the submission joins the next batch; inside one (idempotency) it is stored on its own
    const [submissionId] = conn.isTransaction
      ? await storeSubmissionRows(conn, [row])
      : [await batchesOf(deps.db).store(row)];
    if (submissionId === null || submissionId === undefined) throw new RegistryChanged();
    const response: IntakeResponse = {
      submission_id: submission.publicId,
      status: 'pending_verification',
      jurisdiction: body.jurisdiction,
      planned: planned.map(({ vendor, right, requested_as, channel, warnings: w }) => ({
        vendor,
        right,
        requested_as,
        channel,
        warnings: w,
      })),
      warnings,
      unlisted: unlistedView(unlisted),
      verification: { expires_at: firstLinkExpiry(now, now).toISOString() },
    };
    return { status: 202, body: response };
  };
  if (idempotencyKey === undefined) return { ...(await store(deps.db)), replayed: false };
  return withIdempotency(deps.db, deps.clock, { scope: INTAKE_SCOPE, key: idempotencyKey, body }, store);
}
