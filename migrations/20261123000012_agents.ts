import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // Sealed documents (AES-256-GCM, key per purpose): signed authorizations and e-authorization letters. One row per
  // document, referenced wherever it is used (an authorization, every email that carries it), so a 10 MB upload that
  // backs 50 requests is stored once and the retention purge erases it in one place.
  await knex.schema.createTable('documents', (t) => {
    t.bigIncrements('id');
    t.text('purpose').notNullable(); // an EncryptionPurpose
    /** sniffed from the bytes, never taken from the client */
    t.text('content_type').notNullable();
    t.text('filename').notNullable();
    t.integer('byte_size').notNullable();
    t.text('sha256').notNullable();
    t.binary('sealed');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('erased_at', { useTz: true });
  });

  // Files that go with an email (e.g. the authorization behind an agent's letter), opened only when it is sent.
  await knex.schema.createTable('outbound_email_attachments', (t) => {
    t.bigIncrements('id');
    t.bigInteger('email_id').notNullable().references('outbound_emails.id');
    t.bigInteger('document_id').notNullable().references('documents.id');
    t.text('filename').notNullable();
    t.index(['email_id']);
  });

  // The consumers an agent represents. Personal data: purgeable rows, never copied into events.
  await knex.schema.createTable('principals', (t) => {
    t.bigIncrements('id');
    t.bigInteger('agent_account_id').notNullable().references('accounts.id');
    t.text('name').notNullable();
    t.text('email').notNullable();
    t.text('phone');
    t.jsonb('address');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('erased_at', { useTz: true });
    t.index(['agent_account_id', 'id']);
  });
  // Bulk uploads match principals by email within the agent's own.
  await knex.raw('create unique index principals_agent_email on principals (agent_account_id, lower(email))');

  // A principal's permission for the agent: an uploaded signed document, or an e-authorization the principal confirms
  // by a one-time link (hashed, single use, expiring). Revoked covers replaced and declined links (`revoked_reason`).
  await knex.schema.createTable('agent_authorizations', (t) => {
    t.bigIncrements('id');
    t.bigInteger('principal_id').notNullable().references('principals.id');
    t.bigInteger('agent_account_id').notNullable().references('accounts.id');
    t.text('kind').notNullable(); // upload | e_authorization
    t.text('state').notNullable(); // pending | valid | revoked
    t.bigInteger('document_id').references('documents.id');
    t.text('token_hash').unique();
    t.timestamp('expires_at', { useTz: true });
    t.timestamp('uploaded_at', { useTz: true });
    t.timestamp('confirmed_at', { useTz: true });
    t.text('confirmed_ip');
    t.text('confirmed_user_agent');
    /** HMAC-SHA256 of the confirmation record printed in the letter */
    t.text('signature');
    t.timestamp('revoked_at', { useTz: true });
    t.text('revoked_reason'); // replaced | declined
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.index(['principal_id', 'state']);
  });
  await knex.raw(
    "alter table agent_authorizations add constraint agent_authorizations_kind check (kind in ('upload','e_authorization'))",
  );
  await knex.raw(
    "alter table agent_authorizations add constraint agent_authorizations_state check (state in ('pending','valid','revoked'))",
  );

  // Who filed a request for whom, and which authorization backs it.
  await knex.schema.alterTable('requests', (t) => {
    t.bigInteger('agent_account_id').references('accounts.id');
    t.bigInteger('principal_id').references('principals.id');
    t.bigInteger('authorization_id').references('agent_authorizations.id');
  });
  await knex.raw('create index requests_agent on requests (agent_account_id, id) where agent_account_id is not null');

  // Bulk CSV uploads: every row is stored on upload (so none is lost), then processed by the worker in batches; each
  // row keeps its own result. Counts are derived from the rows.
  await knex.schema.createTable('bulk_uploads', (t) => {
    t.bigIncrements('id');
    t.bigInteger('agent_account_id').notNullable().references('accounts.id');
    t.text('status').notNullable(); // queued | processing | done | failed
    t.integer('rows_total').notNullable();
    t.text('failure');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('started_at', { useTz: true });
    t.timestamp('finished_at', { useTz: true });
    t.index(['agent_account_id', 'id']);
  });
  await knex.raw(
    "alter table bulk_uploads add constraint bulk_uploads_status check (status in ('queued','processing','done','failed'))",
  );

  await knex.schema.createTable('bulk_upload_rows', (t) => {
    t.bigIncrements('id');
    t.bigInteger('upload_id').notNullable().references('bulk_uploads.id');
    /** as a spreadsheet numbers it: the header is row 1 */
    t.integer('row_number').notNullable();
    /** the row's cells by column name (personal data, purgeable) */
    t.jsonb('data').notNullable();
    t.text('status').notNullable(); // pending | filed | failed | awaiting_authorization
    /** [{column, message}] */
    t.jsonb('errors');
    t.bigInteger('principal_id').references('principals.id');
    t.bigInteger('request_id').references('requests.id');
    t.timestamp('processed_at', { useTz: true });
    t.unique(['upload_id', 'row_number']);
  });
  await knex.raw(
    "alter table bulk_upload_rows add constraint bulk_upload_rows_status check (status in ('pending','filed','failed','awaiting_authorization'))",
  );
  await knex.raw(
    "create index bulk_upload_rows_pending on bulk_upload_rows (upload_id, row_number) where status = 'pending'",
  );
  await knex.raw(
    "create index bulk_upload_rows_held on bulk_upload_rows (principal_id) where status = 'awaiting_authorization'",
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('bulk_upload_rows');
  await knex.schema.dropTableIfExists('bulk_uploads');
  await knex.raw('drop index if exists requests_agent');
  await knex.schema.alterTable('requests', (t) => {
    t.dropColumn('authorization_id');
    t.dropColumn('principal_id');
    t.dropColumn('agent_account_id');
  });
  await knex.schema.dropTableIfExists('agent_authorizations');
  await knex.schema.dropTableIfExists('principals');
  await knex.schema.dropTableIfExists('outbound_email_attachments');
  await knex.schema.dropTableIfExists('documents');
}
