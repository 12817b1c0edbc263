import type { Knex } from 'knex';

/**
 * The Data Rights Protocol (DRP 1.0), the portal acting as an Authorized Agent (server/drp):
 * - `drp_agent_keys`: the agent's one Ed25519 key pair (§3.07.1); the signing key sealed with the app's encryption.
 * - `drp_channels`: a Covered Business from a directory (`businesses.json`, §3.05.2), a channel of a vendor cited by
 *   the source document it was imported from (a `policy_documents` dataset record), and the pair-wise token (§2.05)
 *   sealed once obtained.
 * - `drp_requests`: one per request filed through DRP: its idempotent `agent-request-id` (§2.01), the business's
 *   `request_id` and the last Exercise Status (§3.03) received, the send lease, the callback token (its hash).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('drp_agent_keys', (t) => {
    t.smallint('id').primary().defaultTo(1);
    t.text('agent_id').notNullable();
    t.text('verify_key').notNullable();
    t.binary('signing_key_sealed').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw('alter table drp_agent_keys add constraint drp_agent_keys_one check (id = 1)');

  await knex.schema.createTable('drp_channels', (t) => {
    t.bigIncrements('id').primary();
    t.bigInteger('vendor_id').notNullable().references('vendors.id').onDelete('CASCADE');
    t.bigInteger('document_id').notNullable().references('policy_documents.id');
    t.text('business_id').notNullable().unique();
    t.text('name').notNullable();
    t.text('api_base').notNullable();
    t.specificType('supported_actions', 'text[]').notNullable().defaultTo('{}');
    t.specificType('supported_verifications', 'text[]').notNullable().defaultTo('{}');
    t.text('privacy_policy_url');
    t.text('web_url');
    t.binary('token_sealed');
    t.timestamp('token_obtained_at', { useTz: true });
    t.timestamp('retired_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['vendor_id']);
  });

  await knex.schema.createTable('drp_requests', (t) => {
    t.bigInteger('request_id').primary().references('requests.id').onDelete('CASCADE');
    t.bigInteger('drp_channel_id').notNullable().references('drp_channels.id');
    t.text('agent_request_id').notNullable().unique();
    t.text('exercise').notNullable();
    t.text('regime');
    t.text('callback_token_hash').notNullable().unique();
    t.text('business_request_id');
    t.text('drp_status');
    t.text('drp_reason');
    t.text('processing_details');
    t.text('user_verification_url');
    t.text('results_url');
    t.timestamp('received_at', { useTz: true });
    t.timestamp('expected_by', { useTz: true });
    t.timestamp('send_started_at', { useTz: true });
    t.timestamp('sent_at', { useTz: true });
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('last_error');
    t.timestamp('last_status_at', { useTz: true });
    t.timestamp('last_polled_at', { useTz: true });
    t.timestamp('revoke_requested_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  // the poller reads only requests in play: sent, not in a final DRP state
  await knex.raw(
    `create index drp_requests_open on drp_requests (last_polled_at nulls first) where business_request_id is not null and (drp_status is null or drp_status in ('open', 'in_progress'))`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('drp_requests');
  await knex.schema.dropTable('drp_channels');
  await knex.schema.dropTable('drp_agent_keys');
}
