import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // Every message the inbound SMTP receiver accepted, threaded to its request when it can be; nothing is dropped:
  // unmatched and unparsable mail is kept for staff with the reason.
  await knex.schema.createTable('inbound_messages', (t) => {
    t.bigIncrements('id');
    t.bigInteger('request_id').references('requests.id');
    t.text('kind').notNullable(); // reply | bounce | unparsed
    t.text('threaded_by'); // reply_address | in_reply_to | subject_reference
    t.text('message_id');
    t.text('in_reply_to');
    t.text('from_address');
    t.specificType('envelope_to', 'text[]').notNullable();
    t.text('subject');
    t.text('text_body');
    t.text('html_body');
    t.text('parse_error');
    t.integer('size_bytes').notNullable();
    t.timestamp('received_at', { useTz: true }).notNullable();
    t.index(['request_id', 'received_at']);
  });
  await knex.raw(
    "alter table inbound_messages add constraint inbound_messages_kind check (kind in ('reply','bounce','unparsed'))",
  );
  await knex.raw(
    'create unique index inbound_messages_message_id on inbound_messages (message_id) where message_id is not null',
  );

  await knex.schema.createTable('inbound_attachments', (t) => {
    t.bigIncrements('id');
    t.bigInteger('inbound_message_id').notNullable().references('inbound_messages.id').onDelete('CASCADE');
    t.text('filename');
    t.text('content_type').notNullable();
    t.integer('size_bytes').notNullable();
    t.text('sha256').notNullable();
    /** AES-256-GCM sealed (server/shared/encryption.ts, purpose reply-attachment) */
    t.binary('sealed_content').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('inbound_attachments');
  await knex.schema.dropTableIfExists('inbound_messages');
}
