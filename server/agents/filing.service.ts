import { recordEvent } from '../events';
import { AppError, validationFailed } from '../http';
import {
  checkIntake,
  createRequests,
  fileUnlistedCompanies,
  planIntake,
  refuseUnconfirmedDuplicates,
  storeSubmission,
  storedUnlisted,
  summaryWarnings,
  unlistedView,
  unlistedWarnings,
  withIdempotency,
  type IntakeBody,
  type StoredResponseOf,
} from '../requests';
import { agentRefusals } from './agent-rules';
import type { AgentWorkerDeps } from './deps';
import type { AgentFilingBody, AgentFilingResponse } from './filing.schema';
import { ownPrincipal, validAuthorization } from './principals.service';
import { requireVerifiedAgent } from './signup.service';

/**
 * An agent files for a principal. The agent is verified and the principal's authorization is on file, so there is
 * no email loop: the requests are created at once through the same path as a verified consumer submission, and
 * record the agent, the principal and the authorization that backs them.
 */
export async function fileForPrincipal(
  deps: AgentWorkerDeps,
  agentId: number,
  body: AgentFilingBody,
  idempotencyKey: string | undefined,
): Promise<StoredResponseOf<AgentFilingResponse>> {
  await requireVerifiedAgent(deps.db, agentId);
  const principal = await ownPrincipal(deps.db, agentId, body.principal_id);
  const authorization = await validAuthorization(deps.db, principal.id);
  if (!authorization) {
    throw new AppError(
      'forbidden',
      'You have no valid authorization from this principal: upload their signed authorization or send them an e-authorization first.',
      {
        missing: 'authorization',
        errors: [{ field: 'principal_id', message: 'no valid authorization on file for this principal' }],
      },
    );
  }
  const requester: IntakeBody['requester'] = body.requester ?? {
    name: principal.name,
    email: principal.email,
    ...(principal.phone ? { phone: principal.phone } : {}),
    ...(principal.address ? { address: principal.address } : {}),
  };
  const intake: IntakeBody = { ...body, requester };
  const checked = await checkIntake(deps.db, intake);
  const refusals = agentRefusals(
    checked,
    body.jurisdiction,
    (i) => `rights.${body.rights.indexOf(checked.rights[i]!.requested_as)}`,
  );
  if (refusals.length) throw validationFailed(refusals);
  const planned = planIntake(checked, body.jurisdiction);
  const unlisted = storedUnlisted(body.unlisted_vendors, checked.rights);
  const warnings = [...summaryWarnings(planned, body.jurisdiction), ...unlistedWarnings(unlisted)];

  return withIdempotency(
    deps.db,
    deps.clock,
    { scope: `POST /api/agent/requests agent:${agentId}`, key: idempotencyKey, body },
    async (trx) => {
      const now = deps.clock.now();
      const duplicates = await refuseUnconfirmedDuplicates(trx, {
        email: requester.email,
        planned,
        now,
        confirmed: body.confirm_duplicates,
        holder: 'You already filed',
        warnings,
        agentAccountId: agentId,
      });
      const { requesterId, submissionId, publicId, plan } = await storeSubmission(trx, {
        body: intake,
        planned,
        unlisted,
        warnings,
        confirmedDuplicates: duplicates.length > 0,
        now,
        verified: true,
      });
      const filer = {
        type: 'agent' as const,
        agentAccountId: agentId,
        principalId: principal.id,
        authorizationId: authorization.id,
      };
      const filed = await createRequests(trx, {
        now,
        submissions: [{ id: submissionId, requester_id: requesterId, jurisdiction: body.jurisdiction, plan, filer }],
      });
      const created = [
        ...filed.get(submissionId)!,
        ...(await fileUnlistedCompanies(trx, {
          now,
          submission: { id: submissionId, requester_id: requesterId, jurisdiction: body.jurisdiction, unlisted },
          filer,
        })),
      ];
      await recordEvent(trx, {
        subjectId: submissionId,
        type: 'submission_filed_by_agent',
        actor: { type: 'agent', id: agentId },
        at: now,
        payload: {
          principal_id: principal.id,
          authorization_id: authorization.id,
          requester_id: requesterId,
          jurisdiction: body.jurisdiction,
          request_ids: created.map((c) => c.id),
          duplicates_confirmed: duplicates.map((d) => d.reference),
        },
      });
      const response: AgentFilingResponse = {
        submission_id: publicId,
        status: 'filed',
        principal_id: principal.id,
        authorization_id: authorization.id,
        jurisdiction: body.jurisdiction,
        requests: created,
        warnings,
        unlisted: unlistedView(unlisted),
      };
      return { status: 201, body: response };
    },
  );
}
