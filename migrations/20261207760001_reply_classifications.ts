import type { Knex } from 'knex';

/**
 * What the portal does with a classified vendor reply (issue #20):
 * - `reply_classifications`: one row per inbound message (reply, bounce or unmatched mail): the classifier's class,
 *   confidence, language, evidence and extracted fields, and the staff action it proposes (pre-filled) with its status:
 *   `proposed` (waiting for staff), `applied` / `dismissed` (by whom, when), `auto_applied` (by the per-class setting),
 *   `no_action` (nothing to do: an acknowledgement, an unconfident class, mail on no request).
 * - `reply_action_settings`: per class, whether a confident proposal applies itself, and above which confidence.
 * - `vendor_channel_reports`: what replies teach the registry: a channel flagged (bounce) or a web form the vendor
 *   pointed to (wrong channel), as a review task. Nothing here is ever a channel letters go to until staff confirm it
 *   (confirming adds a `vendor_channels` row with its source).
 * - `vendor_responsiveness`: per vendor observed figures, refreshed by the worker (`refresh-responsiveness`).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('reply_classifications', (t) => {
    t.bigIncrements('id');
    t.bigInteger('inbound_message_id').notNullable().unique().references('inbound_messages.id').onDelete('CASCADE');
    t.bigInteger('request_id').references('requests.id').onDelete('CASCADE');
    t.text('class').notNullable();
    t.decimal('confidence', 4, 3).notNullable();
    t.text('language');
    t.jsonb('evidence').notNullable().defaultTo('[]');
    t.jsonb('extracted').notNullable().defaultTo('{}');
    /** the staff action proposed: needs_information, extension, fulfilled, partially_fulfilled, denied, channel_review, channel_flag */
    t.text('proposed_action');
    /** the pre-filled fields of that action (notice date, new date, reason, URL, ...) */
    t.jsonb('proposal').notNullable().defaultTo('{}');
    /** a reason the proposal would not stand in law (an extension beyond the law's limit): shown, never auto-applied */
    t.text('legal_issue');
    t.text('status').notNullable();
    t.bigInteger('decided_by').references('accounts.id');
    t.timestamp('decided_at', { useTz: true });
    /** what the consumer was told in plain words when the proposal was applied (shown on their status page) */
    t.jsonb('consumer_notice');
    /** why applying failed (e.g. the request moved on meanwhile); the proposal stays for staff */
    t.text('apply_error');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`
    alter table reply_classifications add constraint reply_classifications_status
      check (status in ('proposed', 'applied', 'dismissed', 'auto_applied', 'no_action'));
    alter table reply_classifications add constraint reply_classifications_confidence
      check (confidence >= 0 and confidence <= 1);
    create index reply_classifications_request on reply_classifications (request_id, id) where request_id is not null;
    create index reply_classifications_proposed on reply_classifications (created_at, id) where status = 'proposed';
  `);

  await knex.schema.createTable('reply_action_settings', (t) => {
    t.text('class').primary();
    t.boolean('auto_apply').notNullable().defaultTo(false);
    t.decimal('min_confidence', 4, 3).notNullable().defaultTo(0.9);
    t.bigInteger('updated_by').references('accounts.id');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`
    alter table reply_action_settings add constraint reply_action_settings_confidence
      check (min_confidence >= 0.5 and min_confidence <= 1);
  `);
  // Reports for the registry only create review tasks, so they apply themselves by default; everything that changes a
  // request waits for staff until an admin turns it on.
  await knex('reply_action_settings').insert([
    { class: 'information_requested', auto_apply: false, min_confidence: 0.9 },
    { class: 'extension', auto_apply: false, min_confidence: 0.9 },
    { class: 'fulfilled', auto_apply: false, min_confidence: 0.9 },
    { class: 'partially_fulfilled', auto_apply: false, min_confidence: 0.9 },
    { class: 'denied', auto_apply: false, min_confidence: 0.9 },
    { class: 'wrong_channel', auto_apply: true, min_confidence: 0.8 },
    { class: 'bounce', auto_apply: true, min_confidence: 0.8 },
  ]);

  await knex.schema.createTable('vendor_channel_reports', (t) => {
    t.bigIncrements('id');
    t.bigInteger('vendor_id').notNullable().references('vendors.id').onDelete('CASCADE');
    /** wrong_channel: the vendor pointed to another channel; bounce: the channel returned our letter */
    t.text('kind').notNullable();
    /** the channel the letter went to (flagged) */
    t.text('channel_type');
    t.text('channel_value');
    /** the replacement the vendor gave (a web form URL), a lead until staff confirm it */
    t.text('proposed_type');
    t.text('proposed_value');
    t.bigInteger('request_id').references('requests.id').onDelete('SET NULL');
    t.bigInteger('reply_classification_id').references('reply_classifications.id').onDelete('SET NULL');
    t.text('status').notNullable().defaultTo('open');
    t.bigInteger('vendor_channel_id').references('vendor_channels.id');
    t.bigInteger('resolved_by').references('accounts.id');
    t.timestamp('resolved_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['vendor_id', 'id']);
  });
  await knex.raw(`
    alter table vendor_channel_reports add constraint vendor_channel_reports_kind check (kind in ('wrong_channel', 'bounce'));
    alter table vendor_channel_reports add constraint vendor_channel_reports_status
      check (status in ('open', 'confirmed', 'dismissed'));
    create index vendor_channel_reports_open on vendor_channel_reports (created_at, id) where status = 'open';
  `);

  await knex.schema.createTable('vendor_responsiveness', (t) => {
    t.bigInteger('vendor_id').primary().references('vendors.id').onDelete('CASCADE');
    /** requests the vendor received (a deadline started) */
    t.integer('requests_received').notNullable();
    t.integer('answered').notNullable();
    t.decimal('median_days_to_answer', 8, 1);
    /** requests whose legal deadline has passed or that were answered: the base of the on-time share */
    t.integer('deadline_decided').notNullable();
    t.integer('answered_on_time').notNullable();
    t.jsonb('denial_reasons').notNullable().defaultTo('[]');
    t.timestamp('computed_at', { useTz: true }).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('vendor_responsiveness');
  await knex.schema.dropTableIfExists('vendor_channel_reports');
  await knex.schema.dropTableIfExists('reply_action_settings');
  await knex.schema.dropTableIfExists('reply_classifications');
}
