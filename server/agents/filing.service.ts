import { randomUUID } from 'node:crypto';
import { AppError, conflict, validationFailed } from '../http';
import {
  checkIntake, createRequests, DUPLICATE_WINDOW_MS, openDuplicates, planIntake, summaryWarnings, withIdempotency, type IntakeBody, type StoredResponseOf,
} from '../requests';
import { agentRefusals } from './agent-rules';
import type { AgentWorkerDeps } from './deps';
import { recordAgentEvent } from './events';
import type { AgentFilingBody, AgentFilingResponse } from './filing.schema';
import { ownPrincipal, validAuthorization } from './principals.service';
import { requireVerifiedAgent } from './signup.service';

/**
 * An agent files for a principal. The agent is verified and the principal's authorization is on file, so there is
 * no email loop: the requests are created at once through the same path as a verified consumer submission, and
 * record the agent, the principal and the authorization that backs them.
 */
export async function fileForPrincipal(deps: AgentWorkerDeps, agentId: number, body: AgentFilingBody, idempotencyKey: string | undefined): Promise<StoredResponseOf<AgentFilingResponse>> {
  await requireVerifiedAgent(deps.db, agentId);
  const principal = await ownPrincipal(deps.db, agentId, body.principal_id);
  const authorization = await validAuthorization(deps.db, principal.id);
  if (!authorization) {
    throw new AppError('forbidden', 'You have no valid authorization from this principal: upload their signed authorization or send them an e-authorization first.', {
      missing: 'authorization',
      errors: [{ field: 'principal_id', message: 'no valid authorization on file for this principal' }],
    });
  }
  const requester: IntakeBody['requester'] = body.requester ?? {
    name: principal.name,
    email: principal.email,
    ...(principal.phone ? { phone: principal.phone } : {}),
    ...(principal.address ? { address: principal.address } : {}),
  };
  const intake: IntakeBody = { ...body, requester };
  const checked = await checkIntake(deps.db, intake);
  const refusals = agentRefusals(checked, body.jurisdiction, (i) => `rights.${body.rights.indexOf(checked.rights[i]!.requested_as)}`);
  if (refusals.length) throw validationFailed(refusals);
  const planned = planIntake(checked, body.jurisdiction);
  const warnings = summaryWarnings(planned, body.jurisdiction);

  return withIdempotency(deps.db, deps.clock, { scope: `POST /api/agent/requests agent:${agentId}`, key: idempotencyKey, body }, async (trx) => {
    const now = deps.clock.now();
    const duplicates = await openDuplicates(trx, requester.email, planned, new Date(now.getTime() - DUPLICATE_WINDOW_MS));
    if (duplicates.length && !body.confirm_duplicates) {
      throw conflict(
        `This principal already has ${duplicates.length === 1 ? 'an open request' : 'open requests'} for this: ${duplicates.map((d) => d.reference).join(', ')}. ` +
          'Send again with "confirm_duplicates": true to file anyway.',
        { duplicates: duplicates.map((d) => ({ ...d, created_at: new Date(d.created_at).toISOString() })) },
      );
    }
    if (duplicates.length) {
      warnings.push({ code: 'duplicate_confirmed', vendor: null, message: `Filed although open requests exist: ${duplicates.map((d) => d.reference).join(', ')}.`, citation: null });
    }
    const [person] = await trx('requesters')
      .insert({ name: requester.name, email: requester.email, phone: requester.phone ?? null, address: requester.address ? JSON.stringify(requester.address) : null, created_at: now })
      .returning<{ id: number }[]>('id');
    const publicId = randomUUID();
    const plan = planned.map((p) => ({ vendor_id: p.vendor_id, vendor_slug: p.vendor, right: p.right, requested_as: p.requested_as }));
    const [submission] = await trx('submissions')
      .insert({
        public_id: publicId,
        requester_id: person!.id,
        jurisdiction: body.jurisdiction,
        status: 'verified',
        plan: JSON.stringify(plan),
        warnings: JSON.stringify(warnings),
        details: body.details ?? null,
        corrections: body.corrections ? JSON.stringify(body.corrections) : null,
        identifiers: requester.identifiers ? JSON.stringify(requester.identifiers) : null,
        confirmed_duplicates: duplicates.length > 0,
        created_at: now,
        verified_at: now,
      })
      .returning<{ id: number }[]>('id');
    const filed = await createRequests(trx, {
      now,
      submissions: [{ id: submission!.id, requester_id: person!.id, jurisdiction: body.jurisdiction, plan, filer: { type: 'agent', agentAccountId: agentId, principalId: principal.id, authorizationId: authorization.id } }],
    });
    const created = filed.get(submission!.id)!;
    await recordAgentEvent(trx, {
      subject: 'submission', subjectId: submission!.id, type: 'submission_filed_by_agent', actor: 'agent', actorId: agentId, occurredAt: now,
      data: {
        principal_id: principal.id, authorization_id: authorization.id, requester_id: person!.id, jurisdiction: body.jurisdiction,
        request_ids: created.map((c) => c.id), duplicates_confirmed: duplicates.map((d) => d.reference),
      },
    });
    const response: AgentFilingResponse = {
      submission_id: publicId, status: 'filed', principal_id: principal.id, authorization_id: authorization.id, jurisdiction: body.jurisdiction, requests: created, warnings,
    };
    return { status: 201, body: response };
  });
}
