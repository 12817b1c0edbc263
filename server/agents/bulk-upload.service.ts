import type { Knex } from 'knex';
import { z } from 'zod';
import { notFound } from '../http';
import { enqueueInTransaction } from '../queue';
import { recordEvent } from '../events';
import { csvCell, parseBulkCsv, type RowError } from './bulk-csv';
import type { AgentWorkerDeps } from './deps';
import { requireVerifiedAgent } from './signup.service';

const INSERT_CHUNK = 1_000;

export const bulkUploadStatusSchema = z.object({
  id: z.number(),
  status: z.enum(['queued', 'processing', 'done', 'failed']),
  rows_total: z.number(),
  rows_done: z.number(),
  rows_filed: z.number(),
  rows_failed: z.number(),
  rows_awaiting_authorization: z.number(),
  created_at: z.string(),
  finished_at: z.string().nullable(),
});
export type BulkUploadStatus = z.infer<typeof bulkUploadStatusSchema>;
export const bulkUploadParams = z.object({ id: z.coerce.number().int().positive('an upload id') });

/**
 * Takes an agent's CSV: the file is checked as a whole (encoding, header, size), every row is stored as pending with
 * its spreadsheet row number, and the processing job is written to the outbox: all in one transaction.
 */
export async function createBulkUpload(deps: AgentWorkerDeps, agentId: number, file: { buffer: Buffer }) {
  await requireVerifiedAgent(deps.db, agentId);
  const { rows } = parseBulkCsv(file.buffer);
  return deps.db.transaction(async (trx) => {
    const now = deps.clock.now();
    const [upload] = await trx('bulk_uploads')
      .insert({ agent_account_id: agentId, status: 'queued', rows_total: rows.length, created_at: now })
      .returning<{ id: number }[]>('id');
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      await trx('bulk_upload_rows').insert(
        rows.slice(i, i + INSERT_CHUNK).map((r) => ({
          upload_id: upload!.id,
          row_number: r.row_number,
          data: JSON.stringify(r.data),
          status: 'pending',
        })),
      );
    }
    await enqueueInTransaction(trx, 'process-bulk-upload', { uploadId: upload!.id });
    await recordEvent(trx, {
      subjectId: upload!.id,
      type: 'bulk_upload_received',
      actor: { type: 'agent', id: agentId },
      at: now,
      payload: { rows_total: rows.length, byte_size: file.buffer.length },
    });
    return { id: upload!.id, status: 'queued' as const, rows_total: rows.length };
  });
}

async function ownUpload(db: Knex, agentId: number, uploadId: number) {
  const upload = await db('bulk_uploads').where({ id: uploadId, agent_account_id: agentId }).first();
  if (!upload) throw notFound(`No bulk upload ${uploadId}.`);
  return upload;
}

/** Progress, counted from the rows themselves (so the figures can never drift from the row results). */
export async function bulkUploadStatus(db: Knex, agentId: number, uploadId: number): Promise<BulkUploadStatus> {
  const upload = await ownUpload(db, agentId, uploadId);
  const counts = await db('bulk_upload_rows')
    .where({ upload_id: uploadId })
    .groupBy('status')
    .select<{ status: string; n: number }[]>('status', db.raw('count(*)::int as n'));
  const n = (status: string) => counts.find((c) => c.status === status)?.n ?? 0;
  return {
    id: upload.id,
    status: upload.status,
    rows_total: upload.rows_total,
    rows_done: upload.rows_total - n('pending'),
    rows_filed: n('filed'),
    rows_failed: n('failed'),
    rows_awaiting_authorization: n('awaiting_authorization'),
    created_at: new Date(upload.created_at).toISOString(),
    finished_at: upload.finished_at ? new Date(upload.finished_at).toISOString() : null,
  };
}

/** The per-row error report: one line per problem (row number as a spreadsheet shows it, column, message). */
export async function bulkUploadErrorsCsv(db: Knex, agentId: number, uploadId: number): Promise<string> {
  await ownUpload(db, agentId, uploadId);
  const rows = await db('bulk_upload_rows')
    .where({ upload_id: uploadId, status: 'failed' })
    .orderBy('row_number')
    .select<{ row_number: number; errors: RowError[] | null }[]>('row_number', 'errors');
  const lines = ['row,column,message'];
  for (const row of rows) {
    for (const e of row.errors ?? [])
      lines.push([csvCell(row.row_number), csvCell(e.column), csvCell(e.message)].join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
