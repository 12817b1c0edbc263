import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // What a consumer asked for before they proved they own the email address. Requests rows are created only on
  // verification, so an unverified form never reaches a vendor. `plan` holds ids and right codes; `corrections` and
  // `details` are personal data and sit here (purgeable), never in events.
  await knex.schema.createTable('submissions', (t) => {
    t.bigIncrements('id');
    /** the id the consumer sees: random, so submissions cannot be enumerated */
    t.uuid('public_id').notNullable().unique();
    t.bigInteger('requester_id').notNullable().references('requesters.id');
    t.text('jurisdiction').notNullable();
    t.text('status').notNullable(); // pending_verification | verified
    /** [{vendor_id, vendor_slug, right, requested_as}] */
    t.jsonb('plan').notNullable();
    t.jsonb('warnings').notNullable().defaultTo('[]');
    t.text('details');
    t.jsonb('corrections');
    /** values for vendor-required identifiers beyond name, email, phone and address */
    t.jsonb('identifiers');
    t.boolean('confirmed_duplicates').notNullable().defaultTo(false);
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('verified_at', { useTz: true });
    t.index(['requester_id']);
  });
  await knex.raw(
    "alter table submissions add constraint submissions_status check (status in ('pending_verification','verified'))",
  );

  // Only sha256 hashes are stored: a database leak must not hand out working links.
  await knex.schema.createTable('verification_tokens', (t) => {
    t.bigIncrements('id');
    t.bigInteger('submission_id').notNullable().references('submissions.id');
    t.text('token_hash').notNullable().unique();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('used_at', { useTz: true });
    /** set when a newer link was sent or the submission was verified through another link */
    t.timestamp('revoked_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.index(['submission_id']);
  });

  await knex.schema.createTable('consumer_access_tokens', (t) => {
    t.bigIncrements('id');
    t.bigInteger('submission_id').notNullable().references('submissions.id');
    t.text('token_hash').notNullable().unique();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('revoked_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.index(['submission_id']);
  });

  // Stored responses for retried POSTs. The row is inserted first in the same transaction as the work, so a
  // concurrent retry with the same key waits on the unique index and then replays the committed response.
  await knex.schema.createTable('idempotency_keys', (t) => {
    t.text('scope').notNullable();
    t.text('key').notNullable();
    t.text('request_hash').notNullable();
    t.integer('status_code');
    t.jsonb('response');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.primary(['scope', 'key']);
    t.index(['expires_at']);
  });

  await knex.schema.alterTable('requests', (t) => {
    t.bigInteger('submission_id').references('submissions.id');
    t.index(['submission_id']);
  });
  // The duplicate check compares addresses case-insensitively.
  await knex.raw('create index requesters_email_lower on requesters (lower(email))');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists requesters_email_lower');
  await knex.schema.alterTable('requests', (t) => {
    t.dropColumn('submission_id');
  });
  await knex.schema.dropTableIfExists('idempotency_keys');
  await knex.schema.dropTableIfExists('consumer_access_tokens');
  await knex.schema.dropTableIfExists('verification_tokens');
  await knex.schema.dropTableIfExists('submissions');
}
