import type { Knex } from 'knex';
import { recordEvent, recordEvents } from '../events';
import { AppError, type FieldError } from '../http';
import {
  checkIntake,
  CLOSED_STATUSES,
  createRequests,
  DUPLICATE_WINDOW_MS,
  insertSubmissions,
  type CheckedIntake,
  type IntakeBody,
  type ProfileCache,
  type VendorCache,
} from '../requests';
import { agentRefusals } from './agent-rules';
import { issueEAuthorizations } from './authorizations.service';
import { bulkRowSchema, type BulkRow, type BulkRowData, type RowError } from './bulk-csv';
import type { AgentWorkerDeps } from './deps';
import type { PrincipalRow } from './principals.service';

/** Rows per transaction: large enough that a 10,000-row upload is 20 commits, small enough to keep locks short. */
const BULK_BATCH_SIZE = 500;

interface Caches {
  vendors: VendorCache;
  profiles: ProfileCache;
}

type RowStatus = 'filed' | 'failed' | 'awaiting_authorization';
interface RowResult {
  status: RowStatus;
  errors?: RowError[];
  principal_id?: number;
  request_id?: number;
}

type Requester = IntakeBody['requester'];
type CheckedVendor = CheckedIntake['vendors'][number];
type CheckedRight = CheckedIntake['rights'][number];

/** What one batch works with: the upload, its agent, the time of the batch and every row's result so far. */
interface Batch {
  trx: Knex.Transaction;
  deps: AgentWorkerDeps;
  uploadId: number;
  agent: { id: number; name: string; organisation: string | null; email: string };
  caches: Caches;
  now: Date;
  results: Map<number, RowResult>;
}

/** A row as stored by the upload, claimed for this batch. */
interface PendingRow {
  id: number;
  row_number: number;
  data: BulkRowData;
}

/** A row of the right shape (step 1). */
interface ShapedRow {
  id: number;
  row_number: number;
  row: BulkRow;
  /** The principal's email, lower-cased: how rows find their principal. */
  email: string;
}

/** A row the law and the registry accept (step 3): one vendor, one right, and the requester it is filed for. */
interface CheckedRow extends ShapedRow {
  requester: Requester;
  vendor: CheckedVendor;
  right: CheckedRight;
}

/** A row to file now (step 6): its principal has a valid authorization. */
interface AuthorizedRow extends CheckedRow {
  principal: PrincipalRow;
  authorizationId: number;
}

/** Where a field of the intake body came from in the CSV. */
function columnOf(field: string): string {
  if (field === 'jurisdiction') return 'jurisdiction';
  if (field.startsWith('rights') || field === 'corrections') return 'right';
  if (field.startsWith('vendors') || field.startsWith('requester.identifiers')) return 'vendor';
  if (field === 'requester.name') return 'principal_name';
  if (field === 'requester.email') return 'principal_email';
  if (field === 'requester.phone') return 'phone';
  if (field === 'requester.address') return 'address_line1';
  if (field.startsWith('requester.address.'))
    return field.slice('requester.address.'.length).replace(/^line/, 'address_line');
  return field;
}

const errorsOf = (err: unknown): FieldError[] | undefined =>
  err instanceof AppError && err.code === 'validation_failed'
    ? (err.extra.errors as FieldError[] | undefined)
    : undefined;

/**
 * Processes an upload's pending rows, BULK_BATCH_SIZE at a time, each batch in one transaction that stores every
 * row's result with the requests it created: a crash loses at most the batch in flight, which stays pending and is
 * taken again by the retry. Rows are claimed with SKIP LOCKED, so two jobs for one upload (the first pass and a
 * release of held rows) never take the same row. Answers the number of rows processed by this call.
 */
export async function processBulkUpload(deps: AgentWorkerDeps, uploadId: number, options: { batchSize?: number } = {}) {
  const upload = await deps.db('bulk_uploads').where({ id: uploadId }).first('id', 'agent_account_id', 'status');
  if (!upload) return { kind: 'skipped' as const, reason: 'no such upload' };
  const startedAt = deps.clock.now();
  const started = await deps
    .db('bulk_uploads')
    .where({ id: uploadId, status: 'queued' })
    .update({ status: 'processing', started_at: startedAt });
  if (started)
    await recordEvent(deps.db, {
      subjectId: uploadId,
      type: 'bulk_upload_started',
      actor: { type: 'system' },
      at: startedAt,
      payload: {},
    });
  const agent = await deps
    .db('accounts')
    .where({ id: upload.agent_account_id })
    .first('id', 'name', 'organisation', 'email');
  const caches: Caches = { vendors: new Map(), profiles: new Map() };
  let processed = 0;
  for (;;) {
    const n = await deps.db.transaction((trx) =>
      processBatch(trx, deps, { uploadId, agent, caches }, options.batchSize ?? BULK_BATCH_SIZE),
    );
    if (n === 0) break;
    processed += n;
  }
  await deps.db.transaction(async (trx) => {
    const now = deps.clock.now();
    const done = await trx('bulk_uploads')
      .where({ id: uploadId })
      .whereNot({ status: 'done' })
      .whereNotExists((q) =>
        q.select(trx.raw('1')).from('bulk_upload_rows').where({ upload_id: uploadId, status: 'pending' }),
      )
      .update({ status: 'done', finished_at: now });
    if (!done) return;
    const counts = await trx('bulk_upload_rows')
      .where({ upload_id: uploadId })
      .groupBy('status')
      .select<{ status: string; n: number }[]>('status', trx.raw('count(*)::int as n'));
    await recordEvent(trx, {
      subjectId: uploadId,
      type: 'bulk_upload_processed',
      actor: { type: 'system' },
      at: now,
      payload: Object.fromEntries(counts.map((c) => [c.status, c.n])),
    });
  });
  return { kind: 'processed' as const, rows: processed };
}

/** The job ran out of retries: the upload is marked failed (its unprocessed rows stay pending, visible as not done). */
export async function markBulkUploadFailed(db: Knex, uploadId: number, reason: string, now: Date) {
  await db.transaction(async (trx) => {
    const updated = await trx('bulk_uploads')
      .where({ id: uploadId })
      .whereNot({ status: 'done' })
      .update({ status: 'failed', failure: reason.slice(0, 500), finished_at: now });
    if (updated)
      await recordEvent(trx, {
        type: 'bulk_upload_failed',
        subjectId: uploadId,
        actor: { type: 'system' },
        reason: reason.slice(0, 500),
        at: now,
        payload: {},
      });
  });
}

/**
 * One batch, in the caller's transaction: claim pending rows, check each, create the principals first seen, drop
 * duplicates, hold the rows of principals without an authorization (emailing each of them once), file the rest, and
 * store every row's result. Answers the number of rows processed (0: nothing was pending).
 */
async function processBatch(
  trx: Knex.Transaction,
  deps: AgentWorkerDeps,
  upload: Pick<Batch, 'uploadId' | 'agent' | 'caches'>,
  size: number,
): Promise<number> {
  const rows = await claimPendingRows(trx, upload.uploadId, size);
  const first = rows[0];
  const last = rows.at(-1);
  if (!first || !last) return 0;
  const batch: Batch = { trx, deps, ...upload, now: deps.clock.now(), results: new Map() };

  const shaped = shapeRows(batch, rows);
  const principals = await knownPrincipals(batch, shaped);
  const checked = await checkRows(batch, shaped, principals);
  await createNewPrincipals(batch, checked, principals);
  const unique = await dropDuplicates(batch, checked);
  const { authorized, emailed } = await holdUnauthorized(batch, unique, principals);
  await fileRows(batch, authorized);
  await storeResults(batch, rows, { first: first.row_number, last: last.row_number, emailed });
  return rows.length;
}

function fail(batch: Batch, rowId: number, errors: RowError[]): void {
  batch.results.set(rowId, { status: 'failed', errors });
}

/** The next pending rows of the upload, locked; rows another job holds are skipped. */
function claimPendingRows(trx: Knex.Transaction, uploadId: number, size: number): Promise<PendingRow[]> {
  return trx('bulk_upload_rows')
    .where({ upload_id: uploadId, status: 'pending' })
    .orderBy('row_number')
    .limit(size)
    .forUpdate()
    .skipLocked()
    .select<PendingRow[]>('id', 'row_number', 'data');
}

/** Step 1: each row's shape (cell count, text safety, the columns' schema); a row that fails it is failed here. */
function shapeRows(batch: Batch, rows: PendingRow[]): ShapedRow[] {
  const shaped: ShapedRow[] = [];
  for (const { id, row_number, data } of rows) {
    if (data._cell_count !== undefined) {
      fail(batch, id, [
        { column: '', message: `has ${data._cell_count} cells; the header row has ${data._header_count}` },
      ]);
      continue;
    }
    if (data._text_errors?.length) {
      fail(batch, id, data._text_errors);
      continue;
    }
    const parsed = bulkRowSchema.safeParse(data);
    if (!parsed.success) {
      fail(
        batch,
        id,
        parsed.error.issues.map((i) => ({
          column: String(i.path[0] ?? ''),
          message:
            data[i.path[0] as keyof BulkRowData] === undefined && i.code === 'invalid_type' ? 'is required' : i.message,
        })),
      );
      continue;
    }
    shaped.push({ id, row_number, row: parsed.data, email: parsed.data.principal_email.toLowerCase() });
  }
  return shaped;
}

/** Step 2: the agent's principals the rows name, by lower-cased email (one query). */
async function knownPrincipals(batch: Batch, shaped: ShapedRow[]): Promise<Map<string, PrincipalRow>> {
  const emails = [...new Set(shaped.map((c) => c.email))];
  const principals = new Map<string, PrincipalRow>();
  if (emails.length === 0) return principals;
  const found = await batch
    .trx('principals')
    .where({ agent_account_id: batch.agent.id })
    .whereNull('erased_at')
    .whereRaw('lower(email) = any(?)', [emails])
    .select<PrincipalRow[]>('*');
  for (const p of found) principals.set(p.email.toLowerCase(), p);
  return principals;
}

/** The person a row is filed for: a known principal's stored details, else the row's; the row's address wins. */
function requesterOf(row: BulkRow, known: PrincipalRow | undefined): Requester {
  const { address_line1: line1, address_line2: line2, city, region, postal_code, country } = row;
  // the row schema requires all five parts once any is given
  const address =
    line1 && city && region && postal_code && country
      ? { line1, ...(line2 ? { line2 } : {}), city, region, postal_code, country }
      : (known?.address ?? undefined);
  const phone = row.phone ?? known?.phone ?? undefined;
  return {
    name: known?.name ?? row.principal_name,
    email: known?.email ?? row.principal_email,
    ...(phone ? { phone } : {}),
    ...(address ? { address } : {}),
  };
}

/**
 * Step 3: the law and the registry, row by row, through the consumer intake's own check (vendors are read once per
 * upload) and the rights agents may not exercise. A refused row is failed with the CSV column at fault.
 */
async function checkRows(
  batch: Batch,
  shaped: ShapedRow[],
  principals: Map<string, PrincipalRow>,
): Promise<CheckedRow[]> {
  const valid: CheckedRow[] = [];
  for (const c of shaped) {
    const { row } = c;
    const requester = requesterOf(row, principals.get(c.email));
    const intake: IntakeBody = {
      requester,
      jurisdiction: row.jurisdiction,
      rights: [row.right],
      vendors: [row.vendor],
      ...(row.details ? { details: row.details } : {}),
    };
    let checked: CheckedIntake;
    try {
      checked = await checkIntake(batch.trx, intake, batch.caches.vendors);
    } catch (err) {
      const errors = errorsOf(err);
      if (!errors) throw err;
      fail(
        batch,
        c.id,
        errors.map((e) => ({ column: columnOf(e.field), message: e.message })),
      );
      continue;
    }
    const refusals = agentRefusals(checked, row.jurisdiction, () => 'right');
    if (refusals.length) {
      fail(
        batch,
        c.id,
        refusals.map((e) => ({ column: 'right', message: e.message })),
      );
      continue;
    }
    const [vendor] = checked.vendors;
    const [right] = checked.rights;
    if (!vendor || !right) throw new Error(`row ${c.row_number}: the intake check answered no vendor or no right`);
    valid.push({ ...c, requester, vendor, right });
  }
  return valid;
}

/** Step 4: principals not yet known are created from their first valid row (and added to `principals`). */
async function createNewPrincipals(
  batch: Batch,
  valid: CheckedRow[],
  principals: Map<string, PrincipalRow>,
): Promise<void> {
  const { trx, agent, now } = batch;
  const newcomers = new Map<string, CheckedRow>();
  for (const c of valid) if (!principals.has(c.email) && !newcomers.has(c.email)) newcomers.set(c.email, c);
  if (newcomers.size === 0) return;
  const inserted = await trx('principals')
    .insert(
      [...newcomers.values()].map(({ row, requester }) => ({
        agent_account_id: agent.id,
        name: row.principal_name,
        email: row.principal_email,
        phone: requester.phone ?? null,
        address: requester.address ? JSON.stringify(requester.address) : null,
        created_at: now,
      })),
    )
    .onConflict()
    .ignore()
    .returning<PrincipalRow[]>('*');
  for (const p of inserted) principals.set(p.email.toLowerCase(), p);
  if (inserted.length) {
    await recordEvents(
      trx,
      inserted.map((p) => ({
        type: 'principal_created' as const,
        subjectId: p.id,
        actor: { type: 'agent' as const, id: agent.id },
        at: now,
        payload: { agent_account_id: agent.id, bulk_upload_id: batch.uploadId },
      })),
    );
  }
  // created meanwhile by another job of this agent: read back
  const raced = [...newcomers.keys()].filter((e) => !principals.has(e));
  if (raced.length) {
    for (const p of await trx('principals')
      .where({ agent_account_id: agent.id })
      .whereRaw('lower(email) = any(?)', [raced])
      .select<PrincipalRow[]>('*'))
      principals.set(p.email.toLowerCase(), p);
  }
}

/**
 * Step 5: duplicates are failed: an open request this agent filed for the same person, vendor and right, or the same
 * line twice in this batch (requests filed by the person themselves or by another agent are never looked at, nor
 * named). Answers the rows left.
 */
async function dropDuplicates(batch: Batch, valid: CheckedRow[]): Promise<CheckedRow[]> {
  if (valid.length === 0) return [];
  const { trx, agent, now } = batch;
  const keyOf = (email: string, vendorId: number, right: string) => `${email}|${vendorId}|${right}`;
  const existing = await trx('requests as r')
    .join('requesters as q', 'q.id', 'r.requester_id')
    .whereRaw('lower(q.email) = any(?)', [[...new Set(valid.map((c) => c.email))]])
    .where('r.agent_account_id', agent.id)
    .whereNull('r.closed_at')
    .whereNotIn('r.status', CLOSED_STATUSES)
    .where('r.created_at', '>=', new Date(now.getTime() - DUPLICATE_WINDOW_MS))
    .select<{ email: string; vendor_id: number; right: string; reference: string }[]>(
      trx.raw('lower(q.email) as email'),
      'r.vendor_id',
      'r.right',
      'r.reference',
    );
  const open = new Map(existing.map((e) => [keyOf(e.email, e.vendor_id, e.right), e.reference]));
  const firstRowOf = new Map<string, number>();
  const unique: CheckedRow[] = [];
  for (const c of valid) {
    const key = keyOf(c.email, c.vendor.id, c.right.right);
    const reference = open.get(key);
    const earlier = firstRowOf.get(key);
    if (reference) {
      fail(batch, c.id, [
        {
          column: 'right',
          message: `you already filed an open request for this principal, vendor and right (${reference})`,
        },
      ]);
    } else if (earlier !== undefined) {
      fail(batch, c.id, [{ column: 'right', message: `repeats row ${earlier}` }]);
    } else {
      firstRowOf.set(key, c.row_number);
      unique.push(c);
    }
  }
  return unique;
}

function principalOf(principals: Map<string, PrincipalRow>, c: ShapedRow): PrincipalRow {
  const principal = principals.get(c.email);
  if (!principal) throw new Error(`row ${c.row_number}: no principal was found or created for it`);
  return principal;
}

/**
 * Step 6: authorizations. Rows of principals without a valid one are held (awaiting authorization), and each such
 * principal without a pending one gets ONE e-authorization email. Answers the rows to file and how many were emailed.
 */
async function holdUnauthorized(
  batch: Batch,
  unique: CheckedRow[],
  principals: Map<string, PrincipalRow>,
): Promise<{ authorized: AuthorizedRow[]; emailed: number }> {
  const { trx, now } = batch;
  const withPrincipal = unique.map((c) => ({ ...c, principal: principalOf(principals, c) }));
  const principalIds = [...new Set(withPrincipal.map((c) => c.principal.id))];
  const validAuth = new Map<number, number>();
  const pending = new Set<number>();
  if (principalIds.length) {
    const auths = await trx('agent_authorizations')
      .whereRaw('principal_id = any(?)', [principalIds])
      .where((q) =>
        q.where({ state: 'valid' }).orWhere((p) => p.where({ state: 'pending' }).where('expires_at', '>', now)),
      )
      .orderBy('id')
      .select<{ id: number; principal_id: number; state: string }[]>('id', 'principal_id', 'state');
    for (const a of auths) {
      if (a.state === 'valid') validAuth.set(a.principal_id, a.id);
      else pending.add(a.principal_id);
    }
  }
  const authorized: AuthorizedRow[] = [];
  const toEmail = new Map<number, PrincipalRow>();
  for (const c of withPrincipal) {
    const authorizationId = validAuth.get(c.principal.id);
    if (authorizationId) {
      authorized.push({ ...c, authorizationId });
      continue;
    }
    batch.results.set(c.id, { status: 'awaiting_authorization', principal_id: c.principal.id });
    if (!pending.has(c.principal.id)) toEmail.set(c.principal.id, c.principal);
  }
  await issueEAuthorizations(trx, batch.deps, batch.agent, [...toEmail.values()], now);
  return { authorized, emailed: toEmail.size };
}

/**
 * Step 7: file the authorized rows: one requester, one verified submission and its request per row, one statement
 * per table (createRequests queues each request's dispatch), and the submission's event.
 */
async function fileRows(batch: Batch, authorized: AuthorizedRow[]): Promise<void> {
  if (authorized.length === 0) return;
  const { trx, agent, now } = batch;
  const plans = authorized.map((c) => [
    {
      vendor_id: c.vendor.id,
      vendor_slug: c.vendor.profile.slug,
      right: c.right.right,
      requested_as: c.right.requested_as,
    },
  ]);
  const stored = await insertSubmissions(
    trx,
    authorized.map((c, i) => ({
      requester: c.requester,
      jurisdiction: c.row.jurisdiction,
      plan: plans[i] ?? [],
      warnings: [],
      details: c.row.details ?? null,
      confirmedDuplicates: false,
      verified: true,
      now,
    })),
  );
  const filings = authorized.map((c, i) => {
    const reserved = stored[i];
    if (!reserved) throw new Error(`row ${c.row_number}: no submission was stored for it`);
    return { ...c, requesterId: reserved.requesterId, submissionId: reserved.submissionId, plan: plans[i] ?? [] };
  });
  const created = await createRequests(trx, {
    now,
    profiles: batch.caches.profiles,
    submissions: filings.map((f) => ({
      id: f.submissionId,
      requester_id: f.requesterId,
      jurisdiction: f.row.jurisdiction,
      plan: f.plan,
      filer: {
        type: 'agent' as const,
        agentAccountId: agent.id,
        principalId: f.principal.id,
        authorizationId: f.authorizationId,
      },
    })),
  });
  const requestsOf = (submissionId: number) => created.get(submissionId) ?? [];
  await recordEvents(
    trx,
    filings.map((f) => ({
      type: 'submission_filed_by_agent' as const,
      subjectId: f.submissionId,
      actor: { type: 'agent' as const, id: agent.id },
      at: now,
      payload: {
        principal_id: f.principal.id,
        authorization_id: f.authorizationId,
        requester_id: f.requesterId,
        jurisdiction: f.row.jurisdiction,
        request_ids: requestsOf(f.submissionId).map((r) => r.id),
        bulk_upload_id: batch.uploadId,
      },
    })),
  );

  for (const f of filings) {
    const [request] = requestsOf(f.submissionId);
    if (!request) throw new Error(`row ${f.row_number}: no request was created for it`);
    batch.results.set(f.id, { status: 'filed', principal_id: f.principal.id, request_id: request.id });
  }
}

/** Step 8: every row's result, in one statement, and the batch's event with its tallies. */
async function storeResults(
  batch: Batch,
  rows: PendingRow[],
  summary: { first: number; last: number; emailed: number },
): Promise<void> {
  const { trx, now } = batch;
  const ordered = rows.map((r) => {
    const result = batch.results.get(r.id);
    if (!result) throw new Error(`row ${r.row_number} was given no result`);
    return { id: r.id, ...result };
  });
  await trx.raw(
    `update bulk_upload_rows r
        set status = v.status, errors = v.errors, principal_id = v.principal_id, request_id = v.request_id, processed_at = ?
       from jsonb_to_recordset(?::jsonb) as v(id bigint, status text, errors jsonb, principal_id bigint, request_id bigint)
      where r.id = v.id`,
    [now, JSON.stringify(ordered)],
  );
  const tally = (s: RowStatus) => ordered.filter((o) => o.status === s).length;
  await recordEvent(trx, {
    subjectId: batch.uploadId,
    type: 'bulk_batch_processed',
    actor: { type: 'system' },
    at: now,
    payload: {
      first_row: summary.first,
      last_row: summary.last,
      filed: tally('filed'),
      failed: tally('failed'),
      awaiting_authorization: tally('awaiting_authorization'),
      e_authorizations_sent: summary.emailed,
    },
  });
}
