import { z } from 'zod';
import { requireCsrf, requireRole } from '../auth';
import type { ApiRouter } from '../http';
import type { AgentDeps } from './deps';
import type { agentLimiters } from './limits';
import { agentProfile, resendAgentVerification, signUpAgent, verifyAgentEmail } from './signup.service';

const signupBody = z.object({
  email: z.email('must be a valid email address').max(254),
  name: z.string().trim().min(1, 'must not be empty').max(200),
  organisation: z.string().trim().min(1, 'must not be empty').max(200).optional(),
  password: z.string().max(1000),
});
const accountSchema = z.object({
  id: z.number(),
  email: z.string(),
  name: z.string(),
  organisation: z.string().nullable(),
  role: z.literal('agent'),
  email_verified: z.boolean(),
});

export function registerAgentAccountRoutes(
  api: ApiRouter,
  deps: AgentDeps,
  limiters: ReturnType<typeof agentLimiters>,
): void {
  api.route(
    {
      method: 'post',
      path: '/api/agents/signup',
      summary: 'Create an agent account (individual or organisation); emails a link that verifies the address',
      tags: ['agents'],
      body: signupBody,
      before: limiters.signup,
      responses: {
        201: {
          description: 'Created; sign in with POST /api/auth/login (filing waits for the email verification)',
          schema: z.object({ account: accountSchema, verification: z.object({ expires_at: z.string() }) }),
        },
        409: { description: 'An account with this email exists' },
        422: { description: 'Invalid field (e.g. password shorter than 12 characters)' },
        429: { description: 'Too many sign-ups from this address' },
      },
    },
    async ({ body, res }) => {
      res.status(201).json(await signUpAgent(deps, body));
    },
  );
  api.route(
    {
      method: 'post',
      path: '/api/agents/verify-email',
      summary: "Redeem the link that verifies an agent's email address",
      tags: ['agents'],
      body: z.object({ token: z.string().min(16).max(128) }),
      before: limiters.link,
      responses: {
        200: { description: 'Verified', schema: z.object({ status: z.literal('verified'), account_id: z.number() }) },
        404: { description: 'Unknown link' },
        410: { description: 'Used, replaced or expired link' },
      },
    },
    async ({ body }) => verifyAgentEmail(deps, body.token),
  );
  api.route(
    {
      method: 'post',
      path: '/api/agent/verify-email/resend',
      summary: 'Email the signed-in agent a new verification link (earlier ones stop working)',
      tags: ['agents'],
      before: [requireRole('agent'), requireCsrf, ...limiters.signup],
      responses: {
        202: {
          description: 'Sent',
          schema: z.object({ status: z.literal('sent'), verification: z.object({ expires_at: z.string() }) }),
        },
        409: { description: 'Already verified' },
      },
    },
    async ({ req, res }) => {
      res.status(202).json(await resendAgentVerification(deps, req.user!.id));
    },
  );
  api.route(
    {
      method: 'get',
      path: '/api/agent/me',
      summary: 'The signed-in agent, with whether their email is verified (filing needs it)',
      tags: ['agents'],
      before: [requireRole('agent')],
      responses: { 200: { description: 'The agent', schema: z.object({ account: accountSchema }) } },
    },
    async ({ req }) => {
      return { account: await agentProfile(deps.db, req.user!.id) };
    },
  );
}
