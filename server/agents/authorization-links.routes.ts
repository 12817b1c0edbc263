import { z } from 'zod';
import type { ApiRouter } from '../http';
import { confirmEAuthorization, declineEAuthorization, viewEAuthorization } from './authorizations.service';
import type { AgentDeps } from './deps';
import type { agentLimiters } from './limits';

const tokenParams = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{16,128}$/, 'an authorization link token') });

/** Public routes behind the link emailed to a principal: no session, the token is the credential. */
export function registerAuthorizationLinkRoutes(
  api: ApiRouter,
  deps: AgentDeps,
  limiters: ReturnType<typeof agentLimiters>,
): void {
  const gone = {
    404: { description: 'Unknown link' },
    410: { description: 'Used, replaced, declined or expired link (`reason` says which)' },
  };
  api.route(
    {
      method: 'get',
      path: '/api/authorizations/:token',
      summary: 'Who is asking to act for the principal, and what they will be allowed to do',
      tags: ['authorizations'],
      params: tokenParams,
      before: limiters.link,
      responses: {
        200: {
          description: 'The pending authorization',
          schema: z.object({
            state: z.literal('pending'),
            agent: z.object({ name: z.string(), organisation: z.string().nullable(), email: z.string() }),
            principal: z.object({ name: z.string() }),
            scope: z.object({ description: z.string(), rights: z.array(z.string()) }),
            expires_at: z.string(),
          }),
        },
        ...gone,
      },
    },
    ({ params }) => viewEAuthorization(deps, params.token),
  );
  api.route(
    {
      method: 'post',
      path: '/api/authorizations/:token/confirm',
      summary:
        'The principal confirms: records time, IP and user agent and produces the signed authorization letter (PDF)',
      tags: ['authorizations'],
      params: tokenParams,
      before: limiters.link,
      responses: {
        200: {
          description: 'Confirmed',
          schema: z.object({
            id: z.number(),
            state: z.literal('valid'),
            confirmed_at: z.string(),
            held_rows_released: z.number(),
          }),
        },
        ...gone,
      },
    },
    ({ params, req }) =>
      confirmEAuthorization(deps, params.token, {
        ip: req.ip ?? 'unknown',
        userAgent: (req.get('user-agent') ?? 'unknown').slice(0, 500),
      }),
  );
  api.route(
    {
      method: 'post',
      path: '/api/authorizations/:token/decline',
      summary: 'The principal declines: the link stops working',
      tags: ['authorizations'],
      params: tokenParams,
      before: limiters.link,
      responses: {
        200: {
          description: 'Declined',
          schema: z.object({ id: z.number(), state: z.literal('revoked'), reason: z.literal('declined') }),
        },
        ...gone,
      },
    },
    ({ params }) => declineEAuthorization(deps, params.token),
  );
}
