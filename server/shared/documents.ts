import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { decrypt, encrypt, type EncryptionPurpose } from './encryption';

/** A stored document, sealed at rest; `content_type` was sniffed from the bytes when it was stored. */
export interface StoredDocument {
  id: number;
  purpose: EncryptionPurpose;
  content_type: string;
  filename: string;
  byte_size: number;
}

/** Seals and stores a document; answers its id. */
export async function storeDocument(
  trx: Knex | Knex.Transaction,
  secret: string,
  input: { purpose: EncryptionPurpose; contentType: string; filename: string; content: Buffer; now: Date },
): Promise<number> {
  const [row] = await trx('documents')
    .insert({
      purpose: input.purpose,
      content_type: input.contentType,
      filename: input.filename,
      byte_size: input.content.length,
      sha256: createHash('sha256').update(input.content).digest('hex'),
      sealed: encrypt(secret, input.purpose, input.content),
      created_at: input.now,
    })
    .returning<{ id: number }[]>('id');
  return row!.id;
}

/** Opens a stored document (undefined when unknown or erased). */
export async function readDocument(
  db: Knex | Knex.Transaction,
  secret: string,
  id: number,
): Promise<(StoredDocument & { content: Buffer }) | undefined> {
  const row = await db('documents')
    .where({ id })
    .whereNull('erased_at')
    .first('id', 'purpose', 'content_type', 'filename', 'byte_size', 'sealed');
  if (!row?.sealed) return undefined;
  const { sealed, ...meta } = row as StoredDocument & { sealed: Buffer };
  return { ...meta, content: decrypt(secret, meta.purpose, sealed) };
}
