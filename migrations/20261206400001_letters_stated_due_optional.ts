import type { Knex } from 'knex';

/**
 * One date per letter: a posted letter (or a web-form text) states the rule ("within 45 calendar days of receiving this
 * letter") because the clock starts on a delivery or submission recorded later. Such a letter states no date, so
 * `stated_due` is null for it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table letters alter column stated_due drop not null');
}

export async function down(knex: Knex): Promise<void> {
  // Undated letters get the date the clock has now, else the letter's own date: the closest true value there is.
  await knex.raw(`
    update letters l set stated_due = coalesce(d.effective_due, l.created_at::date)
    from letters l2 left join request_deadlines d on d.request_id = l2.request_id
    where l.id = l2.id and l.stated_due is null`);
  await knex.raw('alter table letters alter column stated_due set not null');
}
