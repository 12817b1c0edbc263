import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Config } from '../config';
import { ruleFor } from '../deadlines';
import { conflict } from '../http';
import type { Clock } from '../shared/clock';
import { recordEvent } from './events';
import { withIdempotency, type StoredResponse } from './idempotency';
import type { IntakeBody, IntakeResponse, IntakeWarning } from './intake.schema';
import type { PlanItem } from './request-creation';
import { CLOSED_STATUSES } from './request-status';
import { channelSourceColumns, chooseChannel } from './routing';
import { checkIntake, type CheckedIntake } from './rules-check';
import { issueVerification } from './submission-mail';
import { warningsFor } from './warnings';

export interface IntakeDeps {
  config: Config;
  db: Knex;
  clock: Clock;
}

/** A duplicate is the same email, vendor and right, still open, created within this window. */
export const DUPLICATE_WINDOW_MS = 30 * 24 * 3600 * 1000;
export const INTAKE_SCOPE = 'POST /api/requests';

export type Planned = IntakeResponse['planned'][number] & { vendor_id: number; channel_fact_id: number | null; vendor_channel_id: number | null };

export function plan(checked: CheckedIntake, jurisdiction: string): Planned[] {
  return checked.vendors.flatMap(({ id, profile }) => {
    const channel = chooseChannel(profile, jurisdiction);
    return checked.rights.map(({ right, requested_as }) => ({
      vendor: profile.slug,
      vendor_id: id,
      right,
      requested_as,
      channel: channel ? { type: channel.type, value: channel.value } : null,
      ...channelSourceColumns(channel),
      warnings: warningsFor(profile, right, jurisdiction, channel),
    }));
  });
}

/** Every planned warning once (a vendor's routing note applies to each of its rights), plus submission-wide ones. */
export function summaryWarnings(planned: Planned[], jurisdiction: string): IntakeWarning[] {
  const out: IntakeWarning[] = [];
  const seen = new Set<string>();
  for (const w of planned.flatMap((p) => p.warnings)) {
    const key = `${w.code}|${w.vendor}|${w.citation?.fact_id ?? w.message}`;
    if (!seen.has(key)) out.push(w);
    seen.add(key);
  }
  const followUp = [...new Set(planned.map((p) => p.right))].map((r) => ruleFor(jurisdiction, r)).find((rule) => rule?.kind === 'follow_up');
  if (followUp) {
    out.push({
      code: 'no_fixed_deadline',
      vendor: null,
      message: `${followUp.regimeName} sets no fixed number of days; we follow up after ${followUp.response.amount} days.`,
      citation: { fact_id: null, quote: followUp.citation },
    });
  }
  return out;
}

export async function openDuplicates(trx: Knex.Transaction, email: string, planned: Planned[], since: Date) {
  return trx('requests as r')
    .join('requesters as q', 'q.id', 'r.requester_id')
    .join('vendors as v', 'v.id', 'r.vendor_id')
    .whereRaw('lower(q.email) = lower(?)', [email])
    .whereNull('r.closed_at')
    .whereNotIn('r.status', CLOSED_STATUSES)
    .where('r.created_at', '>=', since)
    .whereIn(['r.vendor_id', 'r.right'], planned.map((p) => [p.vendor_id, p.right]))
    .orderBy('r.id')
    .select<{ reference: string; vendor: string; right: string; status: string; created_at: Date }[]>(
      'r.reference', 'v.slug as vendor', 'r.right', 'r.status', 'r.created_at',
    );
}

/**
 * Open requests for the same email, vendor and right within the duplicate window: refused with 409 unless the filer
 * confirmed them (`holder` starts the message: "You already have", "This principal already has"); once confirmed, a
 * warning naming them is added to `warnings`. Answers the duplicates found.
 */
export async function refuseUnconfirmedDuplicates(
  trx: Knex.Transaction,
  input: { email: string; planned: Planned[]; now: Date; confirmed: boolean | undefined; holder: string; warnings: IntakeWarning[] },
) {
  const duplicates = await openDuplicates(trx, input.email, input.planned, new Date(input.now.getTime() - DUPLICATE_WINDOW_MS));
  if (duplicates.length && !input.confirmed) {
    throw conflict(
      `${input.holder} ${duplicates.length === 1 ? 'an open request' : 'open requests'} for this: ${duplicates.map((d) => d.reference).join(', ')}. ` +
        'Send again with "confirm_duplicates": true to file anyway.',
      { duplicates: duplicates.map((d) => ({ ...d, created_at: new Date(d.created_at).toISOString() })) },
    );
  }
  if (duplicates.length) {
    input.warnings.push({
      code: 'duplicate_confirmed',
      vendor: null,
      message: `Filed although open requests exist: ${duplicates.map((d) => d.reference).join(', ')}.`,
      citation: null,
    });
  }
  return duplicates;
}

/**
 * Stores the requester and their submission (its plan, warnings, details, corrections and identifiers) in the caller's
 * transaction: awaiting email verification for a consumer, already verified when an agent files.
 */
export async function storeSubmission(
  trx: Knex.Transaction,
  input: {
    body: Pick<IntakeBody, 'requester' | 'jurisdiction' | 'details' | 'corrections'>;
    planned: Planned[];
    warnings: IntakeWarning[];
    confirmedDuplicates: boolean;
    now: Date;
    verified: boolean;
  },
): Promise<{ requesterId: number; submissionId: number; publicId: string; plan: PlanItem[] }> {
  const { body, now } = input;
  const { requester } = body;
  const [person] = await trx('requesters')
    .insert({ name: requester.name, email: requester.email, phone: requester.phone ?? null, address: requester.address ? JSON.stringify(requester.address) : null, created_at: now })
    .returning<{ id: number }[]>('id');
  const publicId = randomUUID();
  const plan: PlanItem[] = input.planned.map((p) => ({ vendor_id: p.vendor_id, vendor_slug: p.vendor, right: p.right, requested_as: p.requested_as }));
  const [submission] = await trx('submissions')
    .insert({
      public_id: publicId,
      requester_id: person!.id,
      jurisdiction: body.jurisdiction,
      status: input.verified ? 'verified' : 'pending_verification',
      plan: JSON.stringify(plan),
      warnings: JSON.stringify(input.warnings),
      details: body.details ?? null,
      corrections: body.corrections ? JSON.stringify(body.corrections) : null,
      identifiers: requester.identifiers ? JSON.stringify(requester.identifiers) : null,
      confirmed_duplicates: input.confirmedDuplicates,
      created_at: now,
      ...(input.verified ? { verified_at: now } : {}),
    })
    .returning<{ id: number }[]>('id');
  return { requesterId: person!.id, submissionId: submission!.id, publicId, plan };
}

/**
 * Takes a consumer's submission: checks it against the law and the registry, refuses open duplicates unless
 * confirmed, stores the requester and the submission and queues the verification email, all in one transaction.
 * Requests are created only once the email address is verified (verification.service.ts).
 */
export async function submitIntake(deps: IntakeDeps, body: IntakeBody, idempotencyKey: string | undefined): Promise<StoredResponse<IntakeResponse>> {
  const checked = await checkIntake(deps.db, body);
  const planned = plan(checked, body.jurisdiction);
  const warnings = summaryWarnings(planned, body.jurisdiction);
  return withIdempotency(deps.db, deps.clock, { scope: INTAKE_SCOPE, key: idempotencyKey, body }, async (trx) => {
    const now = deps.clock.now();
    const duplicates = await refuseUnconfirmedDuplicates(trx, { email: body.requester.email, planned, now, confirmed: body.confirm_duplicates, holder: 'You already have', warnings });
    const { requesterId, submissionId, publicId } = await storeSubmission(trx, { body, planned, warnings, confirmedDuplicates: duplicates.length > 0, now, verified: false });
    const { expiresAt, emailId } = await issueVerification(trx, deps, { id: submissionId }, body.requester);
    await recordEvent(trx, {
      subject: 'submission',
      subjectId: submissionId,
      type: 'submission_received',
      actor: 'consumer',
      actorId: requesterId,
      occurredAt: now,
      data: {
        requester_id: requesterId,
        jurisdiction: body.jurisdiction,
        vendor_ids: checked.vendors.map((v) => v.id),
        rights: checked.rights.map((r) => r.right),
        verification_email_id: emailId,
        duplicates_confirmed: duplicates.map((d) => d.reference),
      },
    });
    const response: IntakeResponse = {
      submission_id: publicId,
      status: 'pending_verification',
      jurisdiction: body.jurisdiction,
      planned: planned.map(({ vendor, right, requested_as, channel, warnings: w }) => ({ vendor, right, requested_as, channel, warnings: w })),
      warnings,
      verification: { expires_at: expiresAt.toISOString() },
    };
    return { status: 202, body: response };
  });
}
