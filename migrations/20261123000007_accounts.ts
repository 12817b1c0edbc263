import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // People who sign in: staff, admins and authorized agents. Consumers never have an account (they use links).
  await knex.schema.createTable('accounts', (t) => {
    t.bigIncrements('id');
    t.text('email').notNullable();
    t.text('name').notNullable();
    t.text('organisation');
    t.text('role').notNullable(); // staff | admin | agent
    t.text('password_hash');
    t.timestamp('email_verified_at', { useTz: true });
    t.integer('failed_logins').notNullable().defaultTo(0);
    t.timestamp('locked_until', { useTz: true });
    t.timestamp('disabled_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw("alter table accounts add constraint accounts_role check (role in ('staff','admin','agent'))");
  await knex.raw('create unique index accounts_email on accounts (lower(email))');

  // One-time links: set a first password, reset a password, verify an email. Stored hashed, single use, expiring.
  await knex.schema.createTable('account_tokens', (t) => {
    t.bigIncrements('id');
    t.bigInteger('account_id').notNullable().references('accounts.id').onDelete('CASCADE');
    t.text('purpose').notNullable(); // set_password | reset_password | verify_email
    t.text('token_hash').notNullable().unique();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('used_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  // connect-pg-simple's table: sessions live in Postgres, so any API process can serve any user.
  await knex.schema.createTable('sessions', (t) => {
    t.string('sid').primary();
    t.json('sess').notNullable();
    t.timestamp('expire', { precision: 6 }).notNullable();
    t.index(['expire'], 'sessions_expire');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('sessions');
  await knex.schema.dropTableIfExists('account_tokens');
  await knex.schema.dropTableIfExists('accounts');
}
