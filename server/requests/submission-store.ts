/**
 * The one writer of `requesters` and `submissions` rows: a consumer's intake, an agent's filing and an agent's bulk
 * upload all store the person and their filing here. `insertSubmissions` writes them in the caller's transaction;
 * `submissionRowsInsertCtes` is the same writer as SQL for the consumer intake's prepared statement (intake.service.ts),
 * which stores a batch of submissions at once.
 * Both build the rows from one description (`requesterRow`, `submissionRow`), so the column mapping exists once.
 * Nothing else inserts into either table (test/unit/table-writers.test.ts fails when something does).
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { GpcEvidence } from '../shared/opt-out-signals';
import type { IntakeBody, IntakeWarning } from './intake.schema';
import type { PlanItem } from './request-creation';
import type { StoredUnlisted } from './unlisted';

export interface NewSubmission {
  requester: IntakeBody['requester'];
  jurisdiction: string;
  plan: PlanItem[];
  warnings: IntakeWarning[];
  details?: string | null;
  corrections?: IntakeBody['corrections'] | null;
  confirmedDuplicates: boolean;
  /** unlisted companies named, with the rights asked of them (unlisted.ts) */
  unlisted?: StoredUnlisted[];
  /** the Global Privacy Control signal the consumer's browser sent with the submission (shared/opt-out-signals.ts) */
  gpc?: GpcEvidence | null;
  /** the consumer's own language, for their copy of the letters (shared/languages.ts) */
  language?: string | null;
  /** filed at once (an agent's filing) rather than awaiting the consumer's email link */
  verified: boolean;
  now: Date;
  /** the submission's public id (default: a new UUID) */
  publicId?: string;
}

export interface StoredSubmission {
  requesterId: number;
  submissionId: number;
  publicId: string;
}

const orNull = <T>(value: T | undefined | null): T | null => (value === undefined ? null : value);

/** The requester's row: personal data, erased by the retention purge. Values of jsonb columns are left as values. */
function requesterRow(s: NewSubmission) {
  return {
    name: s.requester.name,
    email: s.requester.email,
    phone: s.requester.phone ?? null,
    address: orNull(s.requester.address),
    created_at: s.now,
  };
}

/** The submission's row, less its id and requester id. */
function submissionRow(s: NewSubmission, publicId: string) {
  return {
    public_id: publicId,
    jurisdiction: s.jurisdiction,
    status: s.verified ? 'verified' : 'pending_verification',
    plan: s.plan,
    warnings: s.warnings,
    details: s.details ?? null,
    corrections: orNull(s.corrections),
    identifiers: orNull(s.requester.identifiers),
    confirmed_duplicates: s.confirmedDuplicates,
    unlisted: s.unlisted?.length ? s.unlisted : null,
    gpc: orNull(s.gpc),
    language: s.language ?? null,
    created_at: s.now,
    verified_at: s.verified ? s.now : null,
  };
}

/**
 * Stores each requester with their submission, in the caller's transaction, in three statements whatever their number:
 * the ids are drawn first, so each submission names its requester without relying on the order rows come back in.
 * Answers the ids in the order given.
 */
export async function insertSubmissions(
  trx: Knex.Transaction,
  submissions: readonly NewSubmission[],
): Promise<StoredSubmission[]> {
  if (submissions.length === 0) return [];
  const { rows: ids } = await trx.raw<{ rows: { requester_id: number; submission_id: number }[] }>(
    `select nextval('requesters_id_seq')::bigint as requester_id, nextval('submissions_id_seq')::bigint as submission_id
       from generate_series(1, ?)`,
    [submissions.length],
  );
  const stored = submissions.map((s, i) => ({
    requesterId: Number(ids[i]!.requester_id),
    submissionId: Number(ids[i]!.submission_id),
    publicId: s.publicId ?? randomUUID(),
  }));
  await trx('requesters').insert(
    submissions.map((s, i) => ({ id: stored[i]!.requesterId, ...jsonbAsText(requesterRow(s)) })),
  );
  await trx('submissions').insert(
    submissions.map((s, i) => ({
      id: stored[i]!.submissionId,
      requester_id: stored[i]!.requesterId,
      ...jsonbAsText(submissionRow(s, stored[i]!.publicId)),
    })),
  );
  return stored;
}

/** The SQL type of each column, for reading rows out of a jsonb array. */
const COLUMN_TYPES: Record<string, string> = {
  name: 'text',
  email: 'text',
  phone: 'text',
  address: 'jsonb',
  created_at: 'timestamptz',
  public_id: 'uuid',
  jurisdiction: 'text',
  status: 'text',
  plan: 'jsonb',
  warnings: 'jsonb',
  details: 'text',
  corrections: 'jsonb',
  identifiers: 'jsonb',
  confirmed_duplicates: 'boolean',
  unlisted: 'jsonb',
  gpc: 'jsonb',
  language: 'text',
  verified_at: 'timestamptz',
};

/** A row for knex: jsonb values as JSON text (pg would write a JS array as a Postgres array). */
function jsonbAsText(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(row).map(([column, value]) => [
      column,
      COLUMN_TYPES[column] === 'jsonb' && value !== null ? JSON.stringify(value) : value,
    ]),
  );
}

const PROBE: NewSubmission = {
  requester: { name: '', email: '' },
  jurisdiction: '',
  plan: [],
  warnings: [],
  confirmedDuplicates: false,
  verified: false,
  now: new Date(0),
};
const REQUESTER_COLUMNS = Object.keys(requesterRow(PROBE));
const SUBMISSION_COLUMNS = Object.keys(submissionRow(PROBE, ''));
const typeOf = (column: string) => {
  const type = COLUMN_TYPES[column];
  if (!type) throw new Error(`submission-store: no SQL type for column ${column}`);
  return type;
};

/**
 * The same writer as SQL, for many submissions in one statement: `from` is a relation of the caller's statement with one
 * row per submission, whose columns are named by `recordColumns` (requester columns prefixed `r_`, submission columns
 * `s_`, typed, for `jsonb_to_recordset(...) as x(<recordColumns>)`), filled by `row`. The CTEs are `stored` (the rows of
 * `from` with their drawn `requester_id` and `submission_id`), `requester` and `submission`. The SQL text is fixed, so
 * the statement can be prepared whatever the number of rows.
 */
export function submissionRowsInsertCtes(from: string): {
  recordColumns: string;
  sql: string;
  row(s: NewSubmission): Record<string, unknown>;
} {
  const prefixed = [...REQUESTER_COLUMNS.map((c) => `r_${c}`), ...SUBMISSION_COLUMNS.map((c) => `s_${c}`)];
  const recordColumns = [
    ...REQUESTER_COLUMNS.map((c) => `r_${c} ${typeOf(c)}`),
    ...SUBMISSION_COLUMNS.map((c) => `s_${c} ${typeOf(c)}`),
  ].join(', ');
  const sql =
    `stored as (select ${from}.*, nextval('requesters_id_seq')::bigint as requester_id, ` +
    `nextval('submissions_id_seq')::bigint as submission_id from ${from}), ` +
    `requester as (insert into requesters (id, ${REQUESTER_COLUMNS.join(', ')}) ` +
    `select requester_id, ${REQUESTER_COLUMNS.map((c) => `r_${c}`).join(', ')} from stored), ` +
    `submission as (insert into submissions (id, requester_id, ${SUBMISSION_COLUMNS.join(', ')}) ` +
    `select submission_id, requester_id, ${SUBMISSION_COLUMNS.map((c) => `s_${c}`).join(', ')} from stored)`;
  return {
    recordColumns,
    sql,
    row: (s) => {
      const requester: Record<string, unknown> = requesterRow(s);
      const submission: Record<string, unknown> = submissionRow(s, s.publicId ?? randomUUID());
      const values = [...REQUESTER_COLUMNS.map((c) => requester[c]), ...SUBMISSION_COLUMNS.map((c) => submission[c])];
      return Object.fromEntries(prefixed.map((c, i) => [c, values[i]]));
    },
  };
}
