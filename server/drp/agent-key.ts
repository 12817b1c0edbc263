import { randomBytes, type KeyObject } from 'node:crypto';
import type { Knex } from 'knex';
import type { Config } from '../config';
import { decrypt, encrypt } from '../shared/encryption';
import { signingKeyFromSeed, verifyKeyBase64 } from './signing';

export interface AgentKey {
  agentId: string;
  /** base64 raw Ed25519 public key, as the agent directory publishes it (DRP 1.0 §3.05.1 `verify_key`) */
  verifyKey: string;
  signingKey: KeyObject;
}

/**
 * The portal's one Ed25519 key pair as an Authorized Agent (DRP 1.0 §3.07.1: "Authorized Agents will be responsible for
 * generating and securely managing signing keys"). Made on first use and kept in Postgres with the 32-byte seed sealed
 * (AES-256-GCM, key derived from APP_SECRET for this purpose): every API and worker process reads the same pair, and
 * the seed never leaves the server (only the verify key is served). Two processes making it at once: the first insert
 * wins, the other reads it.
 */
export async function agentKey(db: Knex, config: Config): Promise<AgentKey> {
  let row = await db('drp_agent_keys').where({ id: 1 }).first('agent_id', 'verify_key', 'signing_key_sealed');
  if (!row) {
    const seed = randomBytes(32);
    await db('drp_agent_keys')
      .insert({
        id: 1,
        agent_id: config.drp.agentId,
        verify_key: verifyKeyBase64(signingKeyFromSeed(seed)),
        signing_key_sealed: encrypt(config.appSecret, 'drp-agent-key', seed),
      })
      .onConflict('id')
      .ignore();
    row = await db('drp_agent_keys').where({ id: 1 }).first('agent_id', 'verify_key', 'signing_key_sealed');
  }
  const seed = decrypt(config.appSecret, 'drp-agent-key', row.signing_key_sealed as Buffer);
  return { agentId: config.drp.agentId, verifyKey: row.verify_key as string, signingKey: signingKeyFromSeed(seed) };
}

/** The portal's entry for the DRP agent directory (DRP 1.0 §3.05.1), for the network's operators to publish. */
export async function agentDirectoryEntry(db: Knex, config: Config) {
  const key = await agentKey(db, config);
  return {
    id: key.agentId,
    name: config.drp.agentName,
    verify_key: key.verifyKey,
    web_url: config.publicUrl,
    identity_assurance_url: config.drp.identityAssuranceUrl,
    technical_contact: config.drp.technicalContact,
    business_contact: config.drp.businessContact,
  };
}
