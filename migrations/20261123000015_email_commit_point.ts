import type { Knex } from 'knex';

/**
 * Exactly-once email under crashes. `final_dot_at` is written (and committed) after the whole message has been
 * streamed to the SMTP server and just before the final "." that makes the server take it. A server never keeps a
 * message whose final dot it did not receive, so a retry that finds no mark may send again safely; a retry that finds
 * the mark but no outcome cannot know whether the server took the message, and marks it `uncertain` for staff to check
 * instead of sending a second copy.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('outbound_emails', (t) => {
    t.timestamp('final_dot_at', { useTz: true });
  });
  await knex.raw(`
    alter table outbound_emails drop constraint outbound_emails_status;
    alter table outbound_emails add constraint outbound_emails_status check (status in ('pending','sent','failed','uncertain'));
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    update outbound_emails set status = 'failed' where status = 'uncertain';
    alter table outbound_emails drop constraint outbound_emails_status;
    alter table outbound_emails add constraint outbound_emails_status check (status in ('pending','sent','failed'));
  `);
  await knex.schema.alterTable('outbound_emails', (t) => {
    t.dropColumn('final_dot_at');
  });
}
