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

interface Candidate {
  id: number;
  row: BulkRow;
  email: string;
  checked?: CheckedIntake;
  requester?: IntakeBody['requester'];
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
      processBatch(trx, deps, { uploadId, agent, caches, size: options.batchSize ?? BULK_BATCH_SIZE }),
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

async function processBatch(
  trx: Knex.Transaction,
  deps: AgentWorkerDeps,
  ctx: {
    uploadId: number;
    agent: { id: number; name: string; organisation: string | null; email: string };
    caches: Caches;
    size: number;
  },
): Promise<number> {
  const rows = await trx('bulk_upload_rows')
    .where({ upload_id: ctx.uploadId, status: 'pending' })
    .orderBy('row_number')
    .limit(ctx.size)
    .forUpdate()
    .skipLocked()
    .select<{ id: number; row_number: number; data: BulkRowData }[]>('id', 'row_number', 'data');
  if (rows.length === 0) return 0;
  const now = deps.clock.now();
  const agentId = ctx.agent.id;
  const results = new Map<number, RowResult>();
  const fail = (id: number, errors: RowError[]) => results.set(id, { status: 'failed', errors });

  // 1. each row's shape
  const shaped: Candidate[] = [];
  for (const r of rows) {
    if (r.data._cell_count !== undefined) {
      fail(r.id, [
        { column: '', message: `has ${r.data._cell_count} cells; the header row has ${r.data._header_count}` },
      ]);
      continue;
    }
    if (r.data._text_errors?.length) {
      fail(r.id, r.data._text_errors);
      continue;
    }
    const parsed = bulkRowSchema.safeParse(r.data);
    if (!parsed.success) {
      fail(
        r.id,
        parsed.error.issues.map((i) => ({
          column: String(i.path[0] ?? ''),
          message:
            r.data[i.path[0] as keyof BulkRowData] === undefined && i.code === 'invalid_type'
              ? 'is required'
              : i.message,
        })),
      );
      continue;
    }
    shaped.push({ id: r.id, row: parsed.data, email: parsed.data.principal_email.toLowerCase() });
  }

  // 2. the agent's principals, matched by email (one query)
  const emails = [...new Set(shaped.map((c) => c.email))];
  const principals = new Map<string, PrincipalRow>();
  if (emails.length) {
    const found = await trx('principals')
      .where({ agent_account_id: agentId })
      .whereNull('erased_at')
      .whereRaw('lower(email) = any(?)', [emails])
      .select<PrincipalRow[]>('*');
    for (const p of found) principals.set(p.email.toLowerCase(), p);
  }

  // 3. the law and the registry, row by row (vendors are read once per upload)
  const valid: Candidate[] = [];
  for (const c of shaped) {
    const { row } = c;
    const known = principals.get(c.email);
    const address = row.address_line1
      ? {
          line1: row.address_line1,
          ...(row.address_line2 ? { line2: row.address_line2 } : {}),
          city: row.city!,
          region: row.region!,
          postal_code: row.postal_code!,
          country: row.country!,
        }
      : (known?.address ?? undefined);
    const phone = row.phone ?? known?.phone ?? undefined;
    const requester: IntakeBody['requester'] = {
      name: known?.name ?? row.principal_name,
      email: known?.email ?? row.principal_email,
      ...(phone ? { phone } : {}),
      ...(address ? { address } : {}),
    };
    const intake: IntakeBody = {
      requester,
      jurisdiction: row.jurisdiction,
      rights: [row.right],
      vendors: [row.vendor],
      ...(row.details ? { details: row.details } : {}),
    };
    try {
      const checked = await checkIntake(trx as unknown as Knex, intake, ctx.caches.vendors);
      const refusals = agentRefusals(checked, row.jurisdiction, () => 'right');
      if (refusals.length) {
        fail(
          c.id,
          refusals.map((e) => ({ column: 'right', message: e.message })),
        );
        continue;
      }
      valid.push({ ...c, checked, requester });
    } catch (err) {
      const errors = errorsOf(err);
      if (!errors) throw err;
      fail(
        c.id,
        errors.map((e) => ({ column: columnOf(e.field), message: e.message })),
      );
    }
  }

  // 4. principals not yet known are created from their first valid row
  const newcomers = new Map<string, Candidate>();
  for (const c of valid) if (!principals.has(c.email) && !newcomers.has(c.email)) newcomers.set(c.email, c);
  if (newcomers.size) {
    const inserted = await trx('principals')
      .insert(
        [...newcomers.values()].map(({ row, requester }) => ({
          agent_account_id: agentId,
          name: row.principal_name,
          email: row.principal_email,
          phone: requester!.phone ?? null,
          address: requester!.address ? JSON.stringify(requester!.address) : null,
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
          actor: { type: 'agent' as const, id: agentId },
          at: now,
          payload: { agent_account_id: agentId, bulk_upload_id: ctx.uploadId },
        })),
      );
    }
    const raced = [...newcomers.keys()].filter((e) => !principals.has(e));
    if (raced.length) {
      for (const p of await trx('principals')
        .where({ agent_account_id: agentId })
        .whereRaw('lower(email) = any(?)', [raced])
        .select<PrincipalRow[]>('*'))
        principals.set(p.email.toLowerCase(), p);
    }
  }

  // 5. duplicates: an open request this agent filed for the same person, vendor and right, or the same line twice in
  //    this batch (requests filed by the person themselves or by another agent are never looked at, nor named)
  const since = new Date(now.getTime() - DUPLICATE_WINDOW_MS);
  const open = new Map<string, string>();
  if (valid.length) {
    const existing = await trx('requests as r')
      .join('requesters as q', 'q.id', 'r.requester_id')
      .whereRaw('lower(q.email) = any(?)', [[...new Set(valid.map((c) => c.email))]])
      .where('r.agent_account_id', agentId)
      .whereNull('r.closed_at')
      .whereNotIn('r.status', CLOSED_STATUSES)
      .where('r.created_at', '>=', since)
      .select<{ email: string; vendor_id: number; right: string; reference: string }[]>(
        trx.raw('lower(q.email) as email'),
        'r.vendor_id',
        'r.right',
        'r.reference',
      );
    for (const e of existing) open.set(`${e.email}|${e.vendor_id}|${e.right}`, e.reference);
  }
  const seen = new Map<string, number>();
  const unique: Candidate[] = [];
  for (const c of valid) {
    const key = `${c.email}|${c.checked!.vendors[0]!.id}|${c.checked!.rights[0]!.right}`;
    const reference = open.get(key);
    if (reference) {
      fail(c.id, [
        {
          column: 'right',
          message: `you already filed an open request for this principal, vendor and right (${reference})`,
        },
      ]);
    } else if (seen.has(key)) {
      fail(c.id, [{ column: 'right', message: `repeats row ${rows.find((r) => r.id === seen.get(key))!.row_number}` }]);
    } else {
      seen.set(key, c.id);
      unique.push(c);
    }
  }

  // 6. authorizations: rows of principals without a valid one are held, and each such principal gets ONE email
  const principalIds = [...new Set(unique.map((c) => principals.get(c.email)!.id))];
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
  const toFile: (Candidate & { principal: PrincipalRow; authorizationId: number })[] = [];
  const emailed = new Map<number, PrincipalRow>();
  for (const c of unique) {
    const principal = principals.get(c.email)!;
    const authorizationId = validAuth.get(principal.id);
    if (authorizationId) {
      toFile.push({ ...c, principal, authorizationId });
      continue;
    }
    results.set(c.id, { status: 'awaiting_authorization', principal_id: principal.id });
    if (!pending.has(principal.id)) emailed.set(principal.id, principal);
  }
  await issueEAuthorizations(trx, deps, ctx.agent, [...emailed.values()], now);

  // 7. file: requesters, submissions and requests, one statement per table
  if (toFile.length) {
    const plans = toFile.map((c) => {
      const vendor = c.checked!.vendors[0]!;
      const right = c.checked!.rights[0]!;
      return [
        {
          vendor_id: vendor.id,
          vendor_slug: vendor.profile.slug,
          right: right.right,
          requested_as: right.requested_as,
        },
      ];
    });
    const stored = await insertSubmissions(
      trx,
      toFile.map((c, i) => ({
        requester: c.requester!,
        jurisdiction: c.row.jurisdiction,
        plan: plans[i]!,
        warnings: [],
        details: c.row.details ?? null,
        confirmedDuplicates: false,
        verified: true,
        now,
      })),
    );
    const requesterIds = stored.map((s) => s.requesterId);
    const submissionIds = stored.map((s) => s.submissionId);
    const created = await createRequests(trx, {
      now,
      profiles: ctx.caches.profiles,
      submissions: toFile.map((c, i) => ({
        id: submissionIds[i]!,
        requester_id: requesterIds[i]!,
        jurisdiction: c.row.jurisdiction,
        plan: plans[i]!,
        filer: {
          type: 'agent' as const,
          agentAccountId: agentId,
          principalId: c.principal.id,
          authorizationId: c.authorizationId,
        },
      })),
    });
    await recordEvents(
      trx,
      toFile.map((c, i) => ({
        type: 'submission_filed_by_agent' as const,
        subjectId: submissionIds[i]!,
        actor: { type: 'agent' as const, id: agentId },
        at: now,
        payload: {
          principal_id: c.principal.id,
          authorization_id: c.authorizationId,
          requester_id: requesterIds[i]!,
          jurisdiction: c.row.jurisdiction,
          request_ids: created.get(submissionIds[i]!)!.map((r) => r.id),
          bulk_upload_id: ctx.uploadId,
        },
      })),
    );
    toFile.forEach((c, i) =>
      results.set(c.id, {
        status: 'filed',
        principal_id: c.principal.id,
        request_id: created.get(submissionIds[i]!)![0]!.id,
      }),
    );
  }

  // 8. every row's result, in one statement
  const ordered = rows.map((r) => ({ id: r.id, ...results.get(r.id)! }));
  await trx.raw(
    `update bulk_upload_rows r
        set status = v.status, errors = v.errors, principal_id = v.principal_id, request_id = v.request_id, processed_at = ?
       from unnest(?::bigint[], ?::text[], ?::jsonb[], ?::bigint[], ?::bigint[]) as v(id, status, errors, principal_id, request_id)
      where r.id = v.id`,
    [
      now,
      ordered.map((o) => o.id),
      ordered.map((o) => o.status),
      ordered.map((o) => (o.errors ? JSON.stringify(o.errors) : null)),
      ordered.map((o) => o.principal_id ?? null),
      ordered.map((o) => o.request_id ?? null),
    ] as unknown as Knex.Value[],
  );
  const tally = (s: RowStatus) => ordered.filter((o) => o.status === s).length;
  await recordEvent(trx, {
    subjectId: ctx.uploadId,
    type: 'bulk_batch_processed',
    actor: { type: 'system' },
    at: now,
    payload: {
      first_row: rows[0]!.row_number,
      last_row: rows.at(-1)!.row_number,
      filed: tally('filed'),
      failed: tally('failed'),
      awaiting_authorization: tally('awaiting_authorization'),
      e_authorizations_sent: emailed.size,
    },
  });
  return rows.length;
}
