import type { Knex } from 'knex';

/**
 * Exactly-once email, second version. The mark moves from just before the final "." to just after it:
 * `final_dot_sent_at` is written the instant the dot has been handed to the operating system. A retry that finds it
 * counts the message as sent (the server has its final dot); one that finds none sends again safely. The old mark
 * (`final_dot_at`, written before the dot) did not say whether the dot went out, so a pending email that still carries
 * one is marked `uncertain` here, as the old code would have done, rather than counted as sent.
 */
export async function up(knex: Knex): Promise<void> {
  await knex('outbound_emails').where({ status: 'pending' }).whereNotNull('final_dot_at').update({
    status: 'uncertain',
    last_error:
      'Delivery uncertain: an attempt stopped after the whole message had reached the mail server and before its answer was recorded; check with the recipient, or resend.',
  });
  await knex.schema.alterTable('outbound_emails', (t) => {
    t.renameColumn('final_dot_at', 'final_dot_sent_at');
  });
  await knex.raw(
    `comment on column outbound_emails.final_dot_sent_at is 'when the final dot of the DATA phase was handed to the operating system; set with no SMTP answer recorded, the message counts as sent'`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('comment on column outbound_emails.final_dot_sent_at is null');
  await knex.schema.alterTable('outbound_emails', (t) => {
    t.renameColumn('final_dot_sent_at', 'final_dot_at');
  });
}
