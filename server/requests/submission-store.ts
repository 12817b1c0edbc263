/**
 * The one writer of `requesters` and `submissions` rows: a consumer's intake, an agent's filing and an agent's bulk
 * upload all store the person and their filing here. `insertSubmissions` writes them in the caller's transaction;
 * `submissionInsertCtes` is the same writer as SQL for the consumer intake's single prepared statement (intake.service.ts).
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

const json = (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(value));

/** The requester's row: personal data, erased by the retention purge. */
function requesterRow(s: NewSubmission) {
  return {
    name: s.requester.name,
    email: s.requester.email,
    phone: s.requester.phone ?? null,
    address: json(s.requester.address),
    created_at: s.now,
  };
}

/** The submission's row, less its id and requester id. */
function submissionRow(s: NewSubmission, publicId: string) {
  return {
    public_id: publicId,
    jurisdiction: s.jurisdiction,
    status: s.verified ? 'verified' : 'pending_verification',
    plan: JSON.stringify(s.plan),
    warnings: JSON.stringify(s.warnings),
    details: s.details ?? null,
    corrections: json(s.corrections),
    identifiers: json(s.requester.identifiers),
    confirmed_duplicates: s.confirmedDuplicates,
    unlisted: s.unlisted?.length ? JSON.stringify(s.unlisted) : null,
    gpc: json(s.gpc),
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
  await trx('requesters').insert(submissions.map((s, i) => ({ id: stored[i]!.requesterId, ...requesterRow(s) })));
  await trx('submissions').insert(
    submissions.map((s, i) => ({
      id: stored[i]!.submissionId,
      requester_id: stored[i]!.requesterId,
      ...submissionRow(s, stored[i]!.publicId),
    })),
  );
  return stored;
}

const JSONB = new Set(['address', 'plan', 'warnings', 'corrections', 'identifiers', 'unlisted', 'gpc']);
const placeholders = (columns: string[]) => columns.map((c) => (JSONB.has(c) ? '?::jsonb' : '?')).join(', ');
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

/**
 * The same writer as SQL: two CTEs, `requester` (returning id) and `submission` (returning id, requester_id), that
 * store one requester and submission when `after` (a CTE of the caller's statement) has a row. `bindings` gives their
 * placeholders' values, in order. The SQL text is fixed, so the statement can be prepared.
 */
export function submissionInsertCtes(after: string): { sql: string; bindings(s: NewSubmission): unknown[] } {
  const sql =
    `requester as (insert into requesters (${REQUESTER_COLUMNS.join(', ')}) ` +
    `select ${placeholders(REQUESTER_COLUMNS)} from ${after} returning id), ` +
    `submission as (insert into submissions (requester_id, ${SUBMISSION_COLUMNS.join(', ')}) ` +
    `select requester.id, ${placeholders(SUBMISSION_COLUMNS)} from requester returning id, requester_id)`;
  return {
    sql,
    bindings: (s) => {
      const requester: Record<string, unknown> = requesterRow(s);
      const submission: Record<string, unknown> = submissionRow(s, s.publicId ?? randomUUID());
      return [...REQUESTER_COLUMNS.map((c) => requester[c]), ...SUBMISSION_COLUMNS.map((c) => submission[c])];
    },
  };
}
