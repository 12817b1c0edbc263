import type { Knex } from 'knex';
import { enqueueInTransaction } from '../queue';
import { recordEvent } from '../events';

/**
 * A principal just authorized the agent: bulk rows held for them go back to pending and each upload they belong to
 * gets a job to file them, in the caller's transaction (so they are filed if and only if the authorization stands).
 */
export async function releaseHeldRows(
  trx: Knex.Transaction,
  input: { principalId: number; authorizationId: number; now: Date },
): Promise<number> {
  const released = await trx('bulk_upload_rows')
    .where({ principal_id: input.principalId, status: 'awaiting_authorization' })
    .update({ status: 'pending', errors: null, processed_at: null })
    .returning<{ upload_id: number }[]>('upload_id');
  const uploads = [...new Set(released.map((r) => r.upload_id))];
  for (const uploadId of uploads) {
    await trx('bulk_uploads').where({ id: uploadId }).update({ status: 'processing', finished_at: null });
    await enqueueInTransaction(trx, 'process-bulk-upload', { uploadId, authorizationId: input.authorizationId });
    await recordEvent(trx, {
      subjectId: uploadId,
      type: 'held_rows_released',
      actor: { type: 'system' },
      at: input.now,
      payload: {
        principal_id: input.principalId,
        authorization_id: input.authorizationId,
        rows: released.filter((r) => r.upload_id === uploadId).length,
      },
    });
  }
  return released.length;
}
