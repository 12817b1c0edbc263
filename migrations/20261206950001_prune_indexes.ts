import type { Knex } from 'knex';

/**
 * Indexes the scheduled prune (server/ops/prune.ts) uses to find rows past their retention without scanning a table:
 * relayed outbox rows by relay time, expired tokens by expiry, handled sign-in requests by handling time.
 */
const INDEXES: { name: string; table: string; definition: string }[] = [
  { name: 'outbox_relayed_at', table: 'outbox', definition: '(relayed_at) where relayed_at is not null' },
  { name: 'verification_tokens_expires_at', table: 'verification_tokens', definition: '(expires_at)' },
  { name: 'consumer_access_tokens_expires_at', table: 'consumer_access_tokens', definition: '(expires_at)' },
  { name: 'account_tokens_expires_at', table: 'account_tokens', definition: '(expires_at)' },
  { name: 'consumer_sign_in_tokens_expires_at', table: 'consumer_sign_in_tokens', definition: '(expires_at)' },
  {
    name: 'consumer_sign_in_requests_handled_at',
    table: 'consumer_sign_in_requests',
    definition: '(handled_at) where handled_at is not null',
  },
];

export async function up(knex: Knex): Promise<void> {
  for (const i of INDEXES) await knex.raw(`create index ${i.name} on ${i.table} ${i.definition}`);
}

export async function down(knex: Knex): Promise<void> {
  for (const i of INDEXES) await knex.raw(`drop index ${i.name}`);
}
