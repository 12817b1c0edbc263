import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // Personal data lives here (and only here), so the retention purge can erase it while the history stays.
  await knex.schema.createTable('requesters', (t) => {
    t.bigIncrements('id');
    t.text('name').notNullable();
    t.text('email').notNullable();
    t.text('phone');
    t.jsonb('address');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('erased_at', { useTz: true });
    t.index(['email']);
  });

  await knex.raw('create sequence request_reference_seq');
  await knex.schema.createTable('requests', (t) => {
    t.bigIncrements('id');
    /** DR-<year>-<6 digits>: quoted in every letter and used to thread replies */
    t.text('reference').notNullable().unique();
    t.bigInteger('requester_id').notNullable().references('requesters.id');
    t.bigInteger('vendor_id').notNullable().references('vendors.id');
    t.text('right').notNullable();
    t.text('jurisdiction').notNullable();
    t.text('status').notNullable();
    /** the channel the request goes by: email | postal | webform | phone | none (needs research) */
    t.text('channel_type').notNullable();
    t.text('channel_value');
    t.bigInteger('channel_fact_id').references('vendor_facts.id');
    t.text('filed_by').notNullable().defaultTo('consumer'); // consumer | agent
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    /** when the vendor received the request: SMTP acceptance, postal delivery, or the web-form/call time */
    t.timestamp('received_at', { useTz: true });
    t.timestamp('closed_at', { useTz: true });
    t.index(['vendor_id', 'status']);
    t.index(['requester_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('requests');
  await knex.raw('drop sequence if exists request_reference_seq');
  await knex.schema.dropTableIfExists('requesters');
}
