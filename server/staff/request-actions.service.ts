/**
 * Staff actions on one request: assign, note, close or withdraw, reopen, resend. Each checks the lifecycle, changes the
 * request and writes its event (actor and reason) in one transaction.
 */
import { closeDeadline, reopenDeadline } from '../deadlines';
import { recordEvent } from '../events';
import { replyAddressFor, requestAttachments } from '../correspondence';
import { validationFailed } from '../http';
import { queueEmail } from '../mail';
import { enqueueInTransaction } from '../queue';
import { canTransition, type RequestStatus } from '../requests';
import { ensureAllowed, refused } from './actions';
import { lockRequest, transition, type ActionDeps } from './action-support';

/** The request's status now (read after an action that does not answer it). */
export async function currentStatus(deps: Pick<ActionDeps, 'db'>, requestId: number): Promise<RequestStatus> {
  const row = await deps.db('requests').where({ id: requestId }).first('status');
  return row.status as RequestStatus;
}

export interface Actor {
  staffId: number;
}

/** Assigns the request to a staff member, or unassigns it (assigneeId null). */
export async function assignRequest(
  deps: ActionDeps,
  input: Actor & { requestId: number; assigneeId: number | null; reason?: string },
) {
  return deps.db.transaction(async (trx) => {
    const request = await lockRequest(trx, input.requestId);
    ensureAllowed(request, 'assign');
    if (input.assigneeId !== null) {
      const assignee = await trx('accounts')
        .where({ id: input.assigneeId })
        .whereIn('role', ['staff', 'admin'])
        .whereNull('disabled_at')
        .first('id');
      if (!assignee)
        throw validationFailed([{ field: 'assignee_id', message: 'not an active staff or admin account' }]);
    }
    if (request.assignee_id === input.assigneeId)
      return { id: request.id, assignee_id: input.assigneeId, changed: false };
    await trx('requests').where({ id: request.id }).update({ assignee_id: input.assigneeId });
    await recordEvent(trx, {
      subjectId: request.id,
      type: input.assigneeId === null ? 'unassigned' : 'assigned',
      actor: { type: 'staff', id: input.staffId },
      reason: input.reason,
      at: deps.clock.now(),
      payload: { assignee_id: input.assigneeId, previous_assignee_id: request.assignee_id },
    });
    return { id: request.id, assignee_id: input.assigneeId, changed: true };
  });
}

/** A note lives in its own (erasable) row: it is free text and may name people; the event only points at it. */
export async function addNote(deps: ActionDeps, input: Actor & { requestId: number; body: string }) {
  return deps.db.transaction(async (trx) => {
    const request = await lockRequest(trx, input.requestId);
    ensureAllowed(request, 'note');
    const now = deps.clock.now();
    const [note] = await trx('request_notes')
      .insert({ request_id: request.id, author_id: input.staffId, body: input.body, created_at: now })
      .returning<{ id: number }[]>('id');
    await recordEvent(trx, {
      subjectId: request.id,
      type: 'note_added',
      actor: { type: 'staff', id: input.staffId },
      at: now,
      payload: { note_id: note!.id },
    });
    return { id: note!.id, request_id: request.id, created_at: now.toISOString() };
  });
}

/** Closes (the matter is finished) or withdraws (the consumer no longer wants it); the deadline stops. */
export async function closeRequest(
  deps: ActionDeps,
  input: Actor & { requestId: number; kind: 'close' | 'withdraw'; reason: string },
) {
  return deps.db.transaction(async (trx) => {
    const request = await lockRequest(trx, input.requestId);
    ensureAllowed(request, input.kind);
    const to: RequestStatus = input.kind === 'close' ? 'closed' : 'withdrawn';
    const now = deps.clock.now();
    const stored = await trx('request_deadlines').where({ request_id: request.id }).first('closed_at');
    if (stored && !stored.closed_at)
      await closeDeadline(trx, {
        requestId: request.id,
        reason: to,
        actor: { type: 'staff', id: String(input.staffId) },
        clock: deps.clock,
      });
    await transition(trx, request, to, { type: to, staffId: input.staffId, reason: input.reason, at: now });
    return { id: request.id, status: to };
  });
}

/**
 * Reopens a finished request: back to waiting on the vendor if the vendor received it (the same deadline runs again),
 * else back to dispatch (the letter job runs again) or research.
 */
export async function reopenRequest(deps: ActionDeps, input: Actor & { requestId: number; reason: string }) {
  return deps.db.transaction(async (trx) => {
    const request = await lockRequest(trx, input.requestId);
    ensureAllowed(request, 'reopen');
    const to: RequestStatus = request.received_at
      ? 'sent'
      : request.channel_type === 'none'
        ? 'needs_research'
        : 'ready_to_dispatch';
    if (!canTransition(request.status, to))
      throw refused(request, 'reopen', `A request that is ${request.status} cannot go back to ${to}.`);
    const now = deps.clock.now();
    const eventId = await transition(trx, request, to, {
      type: 'reopened',
      staffId: input.staffId,
      reason: input.reason,
      at: now,
      columns: { outcome: null, answered_on: null },
    });
    if (to === 'sent')
      await reopenDeadline(trx, {
        requestId: request.id,
        actor: { type: 'staff', id: String(input.staffId) },
        clock: deps.clock,
        reason: input.reason,
      });
    if (to === 'ready_to_dispatch')
      await enqueueInTransaction(trx, 'dispatch-request', { requestId: request.id, attempt: eventId });
    return { id: request.id, status: to };
  });
}

/**
 * Sends a failed letter again through the dispatch path: an email letter that was refused is queued again (same text,
 * new Message-ID); a letter that could not be prepared is prepared again by the dispatch job.
 */
export async function resendRequest(deps: ActionDeps, input: Actor & { requestId: number; reason?: string }) {
  return deps.db.transaction(async (trx) => {
    const request = await lockRequest(trx, input.requestId);
    ensureAllowed(request, 'resend');
    const stored = await trx('request_deadlines').where({ request_id: request.id }).first('received_at');
    if (stored) {
      // A bounce after SMTP acceptance: the deadline started at that acceptance and cannot be restarted by a resend.
      throw refused(
        request,
        'resend',
        `The vendor's mail server accepted the letter on ${new Date(stored.received_at).toISOString()} and the deadline runs from then; escalate or close instead.`,
      );
    }
    const now = deps.clock.now();
    const letter = await trx('letters')
      .where({ request_id: request.id, purpose: 'request' })
      .first('id', 'subject', 'text_body', 'html_body', 'template', 'channel_type', 'channel_value');
    const eventId = await transition(trx, request, 'ready_to_dispatch', {
      type: 'resend_requested',
      staffId: input.staffId,
      reason: input.reason,
      at: now,
      data: { letter_id: letter?.id ?? null },
    });
    if (!letter) {
      const jobId = await enqueueInTransaction(trx, 'dispatch-request', { requestId: request.id, attempt: eventId });
      return { id: request.id, status: 'ready_to_dispatch' as const, queued: { job: jobId } };
    }
    if (letter.channel_type !== 'email' || !letter.channel_value)
      return { id: request.id, status: 'ready_to_dispatch' as const, queued: { staff_task: letter.id } };
    const email = await queueEmail(trx, {
      template: letter.template,
      from: deps.config.mailFrom,
      to: letter.channel_value,
      replyTo: replyAddressFor(request.reference, deps.config.appSecret, deps.config.replyDomain),
      subject: letter.subject,
      text: letter.text_body,
      html: letter.html_body,
      messageIdDomain: deps.config.replyDomain,
      related: { type: 'request', id: request.id },
      attachments: await requestAttachments(trx, request.id),
    });
    await trx('letters').where({ id: letter.id }).update({ outbound_email_id: email.id });
    await recordEvent(trx, {
      subjectId: request.id,
      type: 'letter_queued',
      actor: { type: 'staff', id: input.staffId },
      at: now,
      payload: { letter_id: letter.id, channel: 'email', outbound_email_id: email.id, resend: true },
    });
    return { id: request.id, status: 'ready_to_dispatch' as const, queued: { outbound_email_id: email.id } };
  });
}
