import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // Every letter the portal prepared for a vendor, whatever its channel, with its PDF copy for the consumer and staff.
  await knex.schema.createTable('letters', (t) => {
    t.bigIncrements('id');
    t.bigInteger('request_id').notNullable().references('requests.id');
    t.text('purpose').notNullable(); // request | follow_up
    t.text('channel_type').notNullable(); // email | postal | webform | phone
    t.text('channel_value');
    t.text('template').notNullable();
    t.text('subject').notNullable();
    t.text('text_body').notNullable();
    t.text('html_body').notNullable();
    t.binary('pdf').notNullable();
    /** the deadline the letter states, and the date its receipt was assumed to be */
    t.date('stated_due').notNullable();
    t.bigInteger('outbound_email_id').references('outbound_emails.id');
    /** postal letters: staff record when it was mailed and when it was delivered (delivery starts the clock) */
    t.date('mailed_on');
    t.date('delivered_on');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['request_id', 'purpose']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('letters');
}
