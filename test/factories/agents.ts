import type { Express } from 'express';
import type { Knex } from 'knex';
import type { AgentOptions } from '../../server/agents';
import type { Config } from '../../server/config';
import type { Clock } from '../../server/shared/clock';
import { createTestContext, unique, uniqueEmail, type TestContext } from '../setup/context';
import { createAccountWithPassword, signIn } from './accounts';

/** A test app with the agents' rate limits the test chooses (off unless given) and an injectable clock. */
export function createAgentContext(
  options: { config?: Config; clock?: Clock; rateLimits?: AgentOptions['rateLimits'] } = {},
): TestContext {
  return createTestContext({ ...options, agents: { rateLimits: options.rateLimits ?? false } });
}

export type SignedInAgent = Awaited<ReturnType<typeof signedInAgent>>;

/** An agent account (verified unless said otherwise), signed in: a cookie jar and the CSRF token. */
export async function signedInAgent(app: Express, db: Knex, options: { verified?: boolean } = {}) {
  const account = await createAccountWithPassword(db, 'agent', { verified: options.verified ?? true });
  const { agent, csrf } = await signIn(app, account.email);
  return { account, http: agent, csrf };
}

/** A principal of the agent, created through the API. */
export async function addPrincipal(a: SignedInAgent, overrides: Record<string, unknown> = {}) {
  const res = await a.http
    .post('/api/agent/principals')
    .set('X-CSRF-Token', a.csrf)
    .send({
      name: `Principal ${unique('p')}`,
      email: uniqueEmail('principal'),
      address: {
        line1: '2 Agent Road',
        city: 'Sacramento',
        region: 'CA',
        postal_code: '95814',
        country: 'United States',
      },
      ...overrides,
    });
  if (res.status !== 201) throw new Error(`add principal answered ${res.status}: ${res.text}`);
  return res.body as { id: number; name: string; email: string };
}

export const PDF_BYTES = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
export const PNG_BYTES = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(32, 1),
]);

/** Uploads a signed authorization (a small PDF unless given) for the principal. */
export async function uploadAuthorization(
  a: SignedInAgent,
  principalId: number,
  bytes = PDF_BYTES,
  filename = 'signed.pdf',
) {
  return a.http
    .post(`/api/agent/principals/${principalId}/authorizations`)
    .set('X-CSRF-Token', a.csrf)
    .attach('file', bytes, filename);
}

/** The newest link token of a template sent to an address, read from the stored email. */
export async function tokenFromStoredMail(db: Knex, template: string, to: string, pattern: RegExp): Promise<string> {
  const email = await db('outbound_emails')
    .where({ template, to_address: to })
    .orderBy('id', 'desc')
    .first('text_body');
  const token = pattern.exec(email?.text_body ?? '')?.[1];
  if (!token) throw new Error(`no ${template} email to ${to}`);
  return token;
}

export const AUTHORIZE_LINK = /\/authorize\/([A-Za-z0-9_-]+)/;
export const VERIFY_EMAIL_LINK = /\/agent\/verify-email\/([A-Za-z0-9_-]+)/;

/** Asks for an e-authorization and answers the token from the stored email. */
export async function requestEAuthorization(a: SignedInAgent, db: Knex, principal: { id: number; email: string }) {
  const res = await a.http.post(`/api/agent/principals/${principal.id}/e-authorizations`).set('X-CSRF-Token', a.csrf);
  if (res.status !== 202) throw new Error(`e-authorization answered ${res.status}: ${res.text}`);
  return {
    authorization: res.body.authorization as { id: number },
    token: await tokenFromStoredMail(db, 'agent_authorization_request', principal.email, AUTHORIZE_LINK),
  };
}

/** A filing body for a principal (Sonos access in California by default). */
export function filingBody(principalId: number, overrides: Record<string, unknown> = {}) {
  return { principal_id: principalId, jurisdiction: 'US-CA', rights: ['access'], vendors: ['sonos'], ...overrides };
}
