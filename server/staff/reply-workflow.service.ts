/**
 * What the portal does with every classified inbound message (issue #20). Inbound mail (correspondence) classifies the
 * message and hands it here in the transaction that stores it: the classification is kept with the staff action it
 * proposes, pre-filled, and an event goes on the request's timeline. Where staff agreed (the per-class setting) a
 * confident proposal applies itself at once; otherwise staff confirm it in one click or dismiss it. Applying goes
 * through the existing actions (recordVendorResponse: status through changeRequestStatus, the clock paused or extended
 * where the law says so) and tells the consumer in plain words through the outbox.
 */
import type { Knex } from 'knex';
import { classifyReply, type ClassifiedMessage, type ReplyWorkflow } from '../correspondence';
import type { ReplyClassification, ReplyExtraction } from '../correspondence/classification/types';
import { DeadlineRefusedError, type Deadline } from '../deadlines';
import { AppError, conflict, notFound } from '../http';
import { queueEmail, renderTemplate } from '../mail';
import type { RequestStatus } from '../requests';
import { recordEvent } from '../events';
import type { ActionDeps } from './action-support';
import { reportChannel } from './channel-reports.service';
import { consumerNotice, proposeAction, type ProposedAction } from './reply-proposals';
import { recordVendorResponse } from './vendor-response.service';

type WorkflowDeps = Omit<ActionDeps, 'db'>;

interface ClassificationRow {
  id: number;
  inbound_message_id: number;
  request_id: number | null;
  class: string;
  confidence: string;
  proposed_action: ProposedAction | null;
  proposal: Record<string, unknown>;
  legal_issue: string | null;
  status: string;
}

/** The hooks inbound mail calls (worker.ts and the staff attach route wire them). */
export function createReplyWorkflow(deps: WorkflowDeps): ReplyWorkflow {
  return {
    classified: (trx, message) => storeClassification(trx, deps, message),
    attached: (trx, input) => classificationOnAttach(trx, deps, input),
  };
}

async function storeClassification(trx: Knex.Transaction, deps: WorkflowDeps, message: ClassifiedMessage) {
  const c = message.classification;
  const proposal = message.requestId
    ? await proposalFor(trx, message.requestId, c, message.receivedAt, message.bouncedTo ?? null)
    : { action: null, fields: {}, legalIssue: null };
  const [row] = await trx('reply_classifications')
    .insert({
      inbound_message_id: message.inboundMessageId,
      request_id: message.requestId,
      class: c.class,
      confidence: c.confidence.toFixed(3),
      language: c.language,
      evidence: JSON.stringify(c.evidence),
      extracted: JSON.stringify(c.extracted),
      proposed_action: proposal.action,
      proposal: JSON.stringify(proposal.fields),
      legal_issue: proposal.legalIssue,
      status: proposal.action ? 'proposed' : 'no_action',
      created_at: deps.clock.now(),
    })
    .returning<ClassificationRow[]>('*');
  if (message.requestId) await classifiedEvent(trx, deps, row!);
  if (row!.status === 'proposed') await applyIfAgreed(trx, deps, row!);
}

/** An unmatched message staff attached to a request: its classification now proposes for that request. */
async function classificationOnAttach(
  trx: Knex.Transaction,
  deps: WorkflowDeps,
  input: { inboundMessageId: number; requestId: number },
) {
  const existing = await trx('reply_classifications')
    .where({ inbound_message_id: input.inboundMessageId })
    .forUpdate()
    .first<ClassificationRow | undefined>();
  const message = await trx('inbound_messages')
    .where({ id: input.inboundMessageId })
    .first('subject', 'text_body', 'received_at');
  const receivedAt = new Date(message.received_at);
  if (!existing) {
    // mail kept before replies were classified: classified now, from the stored text
    const c = classifyReply({ subject: message.subject, text: message.text_body ?? '', receivedAt });
    await storeClassification(trx, deps, {
      inboundMessageId: input.inboundMessageId,
      requestId: input.requestId,
      kind: 'reply',
      receivedAt,
      classification: c,
    });
    return;
  }
  const c = classificationOf(
    existing as ClassificationRow & { language: string | null; evidence: []; extracted: never },
  );
  const proposal = await proposalFor(trx, input.requestId, c, receivedAt, null);
  const [row] = await trx('reply_classifications')
    .where({ id: existing.id })
    .update({
      request_id: input.requestId,
      proposed_action: proposal.action,
      proposal: JSON.stringify(proposal.fields),
      legal_issue: proposal.legalIssue,
      status: proposal.action ? 'proposed' : 'no_action',
    })
    .returning<ClassificationRow[]>('*');
  await classifiedEvent(trx, deps, row!);
  if (row!.status === 'proposed') await applyIfAgreed(trx, deps, row!);
}

function classificationOf(row: {
  class: string;
  confidence: string;
  language: string | null;
  evidence: ReplyClassification['evidence'];
  extracted: ReplyExtraction;
}): ReplyClassification {
  return {
    class: row.class as ReplyClassification['class'],
    confidence: Number(row.confidence),
    language: row.language,
    evidence: row.evidence,
    extracted: row.extracted,
  };
}

async function proposalFor(
  trx: Knex.Transaction,
  requestId: number,
  c: ReplyClassification,
  receivedAt: Date,
  bouncedTo: string | null,
) {
  const request = await trx('requests')
    .where({ id: requestId })
    .first('status', 'jurisdiction', 'right', 'channel_type', 'channel_value');
  const clock = await trx('request_deadlines').where({ request_id: requestId }).first('state', 'closed_at');
  const deadline = clock && !clock.closed_at ? (clock.state as Deadline) : null;
  const receivedOn = receivedAt.toISOString().slice(0, 10);
  return proposeAction(
    c,
    {
      status: request.status as RequestStatus,
      jurisdiction: request.jurisdiction,
      right: request.right,
      channel_type: request.channel_type,
      channel_value: request.channel_value,
      deadline,
    },
    { receivedOn, bouncedTo },
  );
}

async function classifiedEvent(trx: Knex.Transaction, deps: WorkflowDeps, row: ClassificationRow) {
  if (row.request_id === null) return;
  await recordEvent(trx, {
    type: 'reply_classified',
    subjectId: row.request_id,
    actor: { type: 'system' },
    at: deps.clock.now(),
    payload: {
      reply_classification_id: Number(row.id),
      inbound_message_id: Number(row.inbound_message_id),
      class: row.class,
      confidence: Number(row.confidence),
      proposed_action: row.proposed_action,
      legal_issue: Boolean(row.legal_issue),
    },
  });
}

/**
 * A confident proposal of a class staff agreed to apply automatically (reply_action_settings) is applied now, in a
 * savepoint: if the request moved on meanwhile the proposal stays for staff with the reason. One with a legal issue
 * (an extension beyond the law's limit) always waits for staff.
 */
async function applyIfAgreed(trx: Knex.Transaction, deps: WorkflowDeps, row: ClassificationRow) {
  if (row.legal_issue) return;
  const setting = await trx('reply_action_settings').where({ class: row.class }).first('auto_apply', 'min_confidence');
  if (!setting?.auto_apply || Number(row.confidence) < Number(setting.min_confidence)) return;
  try {
    await trx.transaction((sp) => applyProposal(sp, deps, row, null));
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    await trx('reply_classifications')
      .where({ id: row.id })
      .update({ apply_error: `${err.code}: ${err.detail}`.slice(0, 1000) });
  }
}

/** Applies the proposal through the existing action; `staffId` null: applied automatically by the agreed setting. */
async function applyProposal(
  trx: Knex.Transaction,
  deps: WorkflowDeps,
  row: ClassificationRow,
  staffId: number | null,
  reason?: string,
) {
  const action = row.proposed_action!;
  const requestId = row.request_id!;
  const f = row.proposal;
  const now = deps.clock.now();
  const request = await trx('requests as r')
    .join('vendors as v', 'v.id', 'r.vendor_id')
    .join('requesters as p', 'p.id', 'r.requester_id')
    .where('r.id', requestId)
    .first('r.id', 'r.reference', 'r.vendor_id', 'v.name as vendor_name', 'p.name', 'p.email', 'p.erased_at');
  let reportId: number | null = null;
  if (action === 'channel_review' || action === 'channel_flag') {
    reportId = await reportChannel(trx, {
      vendorId: Number(request.vendor_id),
      kind: action === 'channel_review' ? 'wrong_channel' : 'bounce',
      flagged: (f.flagged as { type: string; value: string | null } | undefined) ?? null,
      proposed: (f.proposed as { type: string; value: string } | null | undefined) ?? null,
      requestId,
      classificationId: row.id,
      at: now,
    });
  } else {
    await recordVendorResponse(
      { db: trx, config: deps.config, clock: deps.clock },
      {
        requestId,
        staffId,
        outcome: action,
        receivedOn: f.received_on as string,
        reason: (f.reason as string | null | undefined) ?? undefined,
        ...(action === 'extension'
          ? { noticeDate: f.notice_date as string, ...(f.new_date ? { newDate: f.new_date as string } : {}) }
          : {}),
        // the extension's own notice gives the new date; the rest is explained below in plain words
        tellConsumer: action === 'extension',
      },
    );
  }
  const requestUrl = `${deps.config.publicUrl}/requests/${request.reference}`;
  const notice = consumerNotice(action, f, {
    vendorName: request.vendor_name,
    requestUrl,
    answerUrl: `${requestUrl}#answer-${requestId}`,
  });
  if (notice && action !== 'extension' && !request.erased_at) {
    const rendered = renderTemplate('consumer_reply_explained', {
      consumer_name: request.name,
      reference: request.reference,
      vendor_name: request.vendor_name,
      ...notice,
      request_url: requestUrl,
    });
    await queueEmail(trx, {
      template: 'consumer_reply_explained',
      from: deps.config.mailFrom,
      to: request.email,
      messageIdDomain: deps.config.replyDomain,
      related: { type: 'request_notice', id: requestId },
      ...rendered,
    });
  }
  const status = staffId === null ? 'auto_applied' : 'applied';
  await trx('reply_classifications')
    .where({ id: row.id })
    .update({
      status,
      decided_by: staffId,
      decided_at: now,
      apply_error: null,
      consumer_notice: notice ? JSON.stringify(notice) : null,
    });
  const data = {
    reply_classification_id: row.id,
    action,
    consumer_told: Boolean(notice && !request.erased_at),
    ...(reportId ? { vendor_channel_report_id: reportId } : {}),
  };
  if (staffId === null)
    await recordEvent(trx, {
      type: 'reply_proposal_auto_applied',
      subjectId: requestId,
      actor: { type: 'system' },
      at: now,
      payload: data,
    });
  else
    await recordEvent(trx, {
      type: 'reply_proposal_applied',
      subjectId: requestId,
      actor: { type: 'staff', id: staffId },
      reason: reason ?? null,
      at: now,
      payload: data,
    });
  return { id: row.id, status, action, request_id: requestId, vendor_channel_report_id: reportId };
}

async function lockProposed(trx: Knex.Transaction, id: number): Promise<ClassificationRow> {
  const row = await trx('reply_classifications').where({ id }).forUpdate().first<ClassificationRow | undefined>();
  if (!row) throw notFound(`No reply classification ${id}.`);
  if (row.status !== 'proposed')
    throw conflict(
      row.status === 'no_action'
        ? 'This reply proposes no action.'
        : `This proposal is already ${row.status.replace('_', ' ')}.`,
    );
  return row;
}

/**
 * Staff confirm a proposal in one click. An extension the law does not allow is still recorded as refused (evidence
 * for a complaint): that commits with the proposal left open and the reason, then the refusal is answered (422).
 */
export async function confirmProposal(
  deps: ActionDeps,
  input: { classificationId: number; staffId: number; reason?: string },
) {
  let refusal: DeadlineRefusedError | undefined;
  const out = await deps.db.transaction(async (trx) => {
    const row = await lockProposed(trx, input.classificationId);
    try {
      // no savepoint: a refused extension's evidence, written before the refusal is thrown, must commit
      return await applyProposal(trx, deps, row, input.staffId, input.reason);
    } catch (err) {
      if (!(err instanceof DeadlineRefusedError)) throw err;
      refusal = err;
      await trx('reply_classifications')
        .where({ id: row.id })
        .update({ apply_error: `${err.code}: ${err.detail}`.slice(0, 1000) });
      return undefined;
    }
  });
  if (refusal) throw refusal;
  return out!;
}

export async function dismissProposal(
  deps: ActionDeps,
  input: { classificationId: number; staffId: number; reason?: string },
) {
  return deps.db.transaction(async (trx) => {
    const row = await lockProposed(trx, input.classificationId);
    const now = deps.clock.now();
    await trx('reply_classifications')
      .where({ id: row.id })
      .update({ status: 'dismissed', decided_by: input.staffId, decided_at: now });
    await recordEvent(trx, {
      type: 'reply_proposal_dismissed',
      subjectId: Number(row.request_id),
      actor: { type: 'staff', id: input.staffId },
      reason: input.reason ?? null,
      at: now,
      payload: { reply_classification_id: Number(row.id), action: row.proposed_action },
    });
    return { id: row.id, status: 'dismissed', action: row.proposed_action, request_id: row.request_id };
  });
}
