import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // Unmatched mail: staff attach it to a request; who and when is kept on the message (the event is the audit).
  await knex.schema.alterTable('inbound_messages', (t) => {
    t.bigInteger('attached_by').references('accounts.id');
    t.timestamp('attached_at', { useTz: true });
  });
  await knex.raw(
    "create index inbound_messages_unmatched on inbound_messages (received_at desc, id) where request_id is null and kind <> 'bounce'",
  );

  // "Find my requests": a consumer's access may cover every request filed under their email address, not one submission.
  await knex.schema.alterTable('consumer_access_tokens', (t) => {
    t.text('email');
  });
  await knex.raw('alter table consumer_access_tokens alter column submission_id drop not null');
  await knex.raw(
    'alter table consumer_access_tokens add constraint consumer_access_tokens_scope check ((submission_id is null) <> (email is null))',
  );

  // An address someone typed into "find my requests": the worker mails a sign-in link if it has requests, else nothing.
  // The address is cleared once the request is handled.
  await knex.schema.createTable('consumer_sign_in_requests', (t) => {
    t.bigIncrements('id');
    t.text('email');
    t.text('next_path');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('handled_at', { useTz: true });
  });
  await knex.schema.createTable('consumer_sign_in_tokens', (t) => {
    t.bigIncrements('id');
    t.text('email').notNullable();
    t.text('token_hash').notNullable().unique();
    t.text('next_path');
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('used_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable();
  });

  // What a consumer sent the vendor in answer to its request for information (the document, if any, in `documents`).
  await knex.schema.createTable('consumer_answers', (t) => {
    t.bigIncrements('id');
    t.bigInteger('request_id').notNullable().references('requests.id').onDelete('CASCADE');
    t.text('body').notNullable();
    t.bigInteger('document_id').references('documents.id');
    t.bigInteger('outbound_email_id').references('outbound_emails.id');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.index(['request_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('consumer_answers');
  await knex.schema.dropTableIfExists('consumer_sign_in_tokens');
  await knex.schema.dropTableIfExists('consumer_sign_in_requests');
  await knex('consumer_access_tokens').whereNull('submission_id').delete();
  await knex.raw('alter table consumer_access_tokens drop constraint if exists consumer_access_tokens_scope');
  await knex.raw('alter table consumer_access_tokens alter column submission_id set not null');
  await knex.schema.alterTable('consumer_access_tokens', (t) => {
    t.dropColumn('email');
  });
  await knex.raw('drop index if exists inbound_messages_unmatched');
  await knex.schema.alterTable('inbound_messages', (t) => {
    t.dropColumn('attached_at');
    t.dropColumn('attached_by');
  });
}
