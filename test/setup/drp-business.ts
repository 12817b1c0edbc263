import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { openCombined, verifyKeyFromRaw } from '../../server/drp/signing';

/**
 * A DRP 1.0 Covered Business (its Privacy Infrastructure Provider side) built for the tests from the specification, on
 * 127.0.0.1 only: pair-wise key setup (§2.05), exercise (§2.01), status (§2.02), revoke (§2.04), agent information
 * (§2.06), error states (§3.06), and the status callback it makes to the agent (§2.03). Every signed message is
 * validated in the order §3.07 gives, and the checks run are recorded, so a test can see which check refused what.
 */
export const CHECKS_IN_ORDER = ['base64', 'signature', 'agent-id', 'business-id', 'issued-at', 'expires-at'] as const;
export type Check = (typeof CHECKS_IN_ORDER)[number];

export interface BusinessRequest {
  request_id: string;
  agent_id: string;
  agent_request_id: string | null;
  status: string;
  reason?: string;
  received_at: string;
  expected_by?: string;
  processing_details?: string;
  user_verification_url?: string;
  results_url?: string;
  status_callback: string | null;
  message: Record<string, unknown>;
}

export interface DrpBusiness {
  url: string;
  businessId: string;
  requests: Map<string, BusinessRequest>;
  /** each signed message validated: the checks run, in order, and the one that refused it (if any) */
  validations: { endpoint: string; ran: Check[]; refused: Check | null }[];
  tokens: Map<string, string>;
  /** answers the exercise with this instead of `open` (e.g. an error state), once per call */
  nextExerciseAnswer?: { status: number; body: unknown };
  /** stores the next exercise, then drops the connection unanswered (an answer lost on the way back) */
  dropNextAnswer?: boolean;
  /** changes a request's status and posts it to the agent's status callback; returns the callback's HTTP status */
  update(requestId: string, patch: Partial<BusinessRequest>, options?: { callback?: boolean }): Promise<number>;
  close(): Promise<void>;
}

type Json = Record<string, unknown>;

export async function startDrpBusiness(options: {
  businessId: string;
  /** the agent directory the business trusts: agent id -> base64 verify key */
  agents: () => Promise<Record<string, string>>;
  supportedActions?: string[];
  now?: () => Date;
}): Promise<DrpBusiness> {
  const now = options.now ?? (() => new Date());
  const supported = options.supportedActions ?? ['access', 'deletion', 'sale:opt-out'];
  const business: Omit<DrpBusiness, 'url' | 'close'> & { url?: string } = {
    businessId: options.businessId,
    requests: new Map(),
    validations: [],
    tokens: new Map(),
    update: async (requestId, patch, opts = {}) => {
      const r = business.requests.get(requestId);
      if (!r) throw new Error(`no request ${requestId}`);
      for (const k of ['reason', 'expected_by', 'processing_details', 'user_verification_url', 'results_url'] as const)
        if (!(k in patch)) delete r[k];
      Object.assign(r, patch);
      if (opts.callback === false || !r.status_callback) return 0;
      const res = await fetch(r.status_callback, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(statusOf(r)),
      });
      return res.status;
    },
  };

  /** §3.07: the message validated in the spec's order; the checks run are recorded. */
  async function validate(endpoint: string, body: string, agentId: string, requireClaims: boolean) {
    const ran: Check[] = [];
    const refuse = (check: Check) => {
      business.validations.push({ endpoint, ran, refused: check });
      return null;
    };
    ran.push('base64');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body.trim()) || body.trim().length % 4 !== 0) return refuse('base64');
    ran.push('signature');
    const key = (await options.agents())[agentId];
    if (!key) return refuse('signature');
    const opened = openCombined(verifyKeyFromRaw(Buffer.from(key, 'base64')), body);
    if (!opened.ok) return refuse('signature');
    let message: Json;
    try {
      message = JSON.parse(opened.message.toString('utf8')) as Json;
    } catch {
      return refuse('signature');
    }
    if (requireClaims) {
      ran.push('agent-id');
      if (message['agent-id'] !== agentId) return refuse('agent-id');
      ran.push('business-id');
      if (message['business-id'] !== options.businessId) return refuse('business-id');
      ran.push('issued-at');
      const issued = Date.parse(String(message['issued-at']));
      if (!(issued <= now().getTime())) return refuse('issued-at');
      ran.push('expires-at');
      const expires = Date.parse(String(message['expires-at']));
      if (!(now().getTime() < expires)) return refuse('expires-at');
    }
    business.validations.push({ endpoint, ran, refused: null });
    return message;
  }

  const statusOf = (r: BusinessRequest) => ({
    request_id: r.request_id,
    agent_request_id: r.agent_request_id,
    status: r.status,
    received_at: r.received_at,
    ...(r.reason ? { reason: r.reason } : {}),
    ...(r.expected_by ? { expected_by: r.expected_by } : {}),
    ...(r.processing_details ? { processing_details: r.processing_details } : {}),
    ...(r.user_verification_url ? { user_verification_url: r.user_verification_url } : {}),
    ...(r.results_url ? { results_url: r.results_url } : {}),
  });

  const bearerAgent = (req: http.IncomingMessage): string | undefined => {
    const m = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
    return m ? business.tokens.get(m[1]!) : undefined;
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const send = (status: number, body?: unknown) => {
        res.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
        res.end(body === undefined ? undefined : JSON.stringify(body));
      };
      const error = (status: number, message: string, fatal?: boolean) =>
        send(status, { code: String(status), message, ...(fatal ? { fatal: true } : {}) });
      void (async () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const path = (req.url ?? '').split('?')[0]!;
        const agentPath = /^\/v1\/agent\/([^/]+)$/.exec(path);
        const requestPath = /^\/v1\/data-rights-request\/([^/]+)$/.exec(path);
        if (agentPath && req.method === 'POST') {
          // §2.05: no Bearer token yet; the agent id of the URL names the key, and must match the claim
          const agentId = decodeURIComponent(agentPath[1]!);
          const message = await validate('agent', body, agentId, true);
          if (!message) return send(403);
          const token = randomBytes(32).toString('hex');
          business.tokens.set(token, agentId);
          return send(200, { 'agent-id': agentId, token });
        }
        if (agentPath && req.method === 'GET') {
          return bearerAgent(req) === decodeURIComponent(agentPath[1]!) ? send(200, {}) : send(403);
        }
        if (path === '/v1/data-rights-request' && req.method === 'POST') {
          const agentId = bearerAgent(req);
          if (!agentId) return error(403, 'unknown bearer token');
          const message = await validate('exercise', body, agentId, true);
          if (!message) return error(403, 'the request did not validate (DRP 1.0 §3.07)', true);
          if (business.nextExerciseAnswer) {
            const answer = business.nextExerciseAnswer;
            business.nextExerciseAnswer = undefined;
            return send(answer.status, answer.body);
          }
          if (!supported.includes(String(message.exercise)))
            return error(400, 'Unsupported rights actions submitted.', true);
          const agentRequestId = typeof message['agent-request-id'] === 'string' ? message['agent-request-id'] : null;
          const existing = [...business.requests.values()].find(
            (r) => agentRequestId && r.agent_id === agentId && r.agent_request_id === agentRequestId,
          );
          if (existing) return send(200, statusOf(existing));
          const r: BusinessRequest = {
            request_id: randomUUID(),
            agent_id: agentId,
            agent_request_id: agentRequestId,
            status: 'open',
            received_at: now().toISOString(),
            status_callback: typeof message.status_callback === 'string' ? message.status_callback : null,
            message,
          };
          business.requests.set(r.request_id, r);
          if (business.dropNextAnswer) {
            business.dropNextAnswer = false;
            return req.socket.destroy();
          }
          return send(200, statusOf(r));
        }
        if (requestPath && (req.method === 'GET' || req.method === 'DELETE')) {
          const agentId = bearerAgent(req);
          if (!agentId) return error(403, 'unknown bearer token');
          const r = business.requests.get(decodeURIComponent(requestPath[1]!));
          if (!r) return error(404, 'no such request');
          if (r.agent_id !== agentId) return send(403);
          if (req.method === 'GET') return send(200, statusOf(r));
          const message = await validate('revoke', body, agentId, false);
          if (!message) return error(403, 'the revoke did not validate (DRP 1.0 §3.07)');
          if (!['open', 'in_progress'].includes(r.status)) return error(400, `the request is ${r.status}`, true);
          r.status = 'revoked';
          delete r.reason;
          return send(200, statusOf(r));
        }
        return error(404, 'not a DRP endpoint');
      })().catch((err: unknown) => error(500, String(err)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(business, {
    url,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  }) as DrpBusiness;
}
