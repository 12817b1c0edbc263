/**
 * Escalate: the follow-up letter (vendor_follow_up) to the vendor, now rather than at the automatic escalation
 * milestone. The letter is the one the milestone would send (same planner); it is stored with its PDF, and an email
 * letter is queued to the vendor through the outbox with the request's reply address, in the same transaction.
 */
import { replyAddressFor, requestAttachments } from '../correspondence';
import {
  dueStatement,
  planMilestoneMails,
  receiptDate,
  requestLetterLanguage,
  utcDate,
  type DeadlineRow,
} from '../deadlines';
import { recordEvent } from '../events';
import { letterBodyForPdf, letterDateIn, queueEmail, renderLetterPdf } from '../mail';
import { postalAddressee } from '../vendors';
import { sealLetterPdf } from '../shared/encryption';
import { ensureAllowed, refused } from './actions';
import { lockRequest, type ActionDeps } from './action-support';

/** What justifies a follow-up before anything is due: the vendor refused, or asked for something the law does not allow. */
export const ESCALATION_JUSTIFICATIONS = ['vendor_refused', 'unlawful_demand'] as const;
export type EscalationJustification = (typeof ESCALATION_JUSTIFICATIONS)[number];

export async function escalateRequest(
  deps: ActionDeps,
  input: { requestId: number; staffId: number; reason?: string; justification?: EscalationJustification },
) {
  return deps.db.transaction(async (trx) => {
    const request = await lockRequest(trx, input.requestId);
    ensureAllowed(request, 'escalate');
    const stored = await trx('request_deadlines').where({ request_id: request.id }).first<DeadlineRow | undefined>();
    if (!stored || stored.closed_at)
      throw refused(request, 'escalate', 'The request has no running deadline to follow up on.');
    const previous = await trx('letters')
      .where({ request_id: request.id, purpose: 'follow_up' })
      .first('id', 'created_at');
    if (previous)
      throw refused(request, 'escalate', `A follow-up letter was already prepared on ${utcDate(previous.created_at)}.`);
    const facts = await trx('requests as r')
      .join('vendors as v', 'v.id', 'r.vendor_id')
      .join('requesters as p', 'p.id', 'r.requester_id')
      .where('r.id', request.id)
      .first(
        'r.reference',
        'r.right',
        'r.jurisdiction',
        'r.channel_type',
        'r.channel_value',
        'v.name as vendor_name',
        'p.name',
        'p.email',
        'p.phone',
        'p.address',
        'p.erased_at',
      );
    const now = deps.clock.now();
    const today = receiptDate(now, stored.state.calendar.timezone);
    // Nothing is overdue until the effective due date has passed: a letter saying it "expired" would be untrue.
    const early = today <= stored.state.due;
    if (early && !input.justification) {
      const what = dueStatement(stored.state);
      const label =
        what.kind === 'promise'
          ? "the company's own promised date"
          : what.kind === 'follow_up'
            ? 'the follow-up point'
            : 'the legal deadline';
      const err = refused(
        request,
        'escalate',
        `Nothing is due yet: ${label} is ${stored.state.due}. Escalate before then only with a justification (${ESCALATION_JUSTIFICATIONS.join(' or ')}) and a reason, which the letter states.`,
      );
      Object.assign(err.extra, {
        due: stored.state.due,
        due_kind: what.kind,
        justifications: [...ESCALATION_JUSTIFICATIONS],
      });
      throw err;
    }
    const language = await requestLetterLanguage(trx, request.id);
    const plan = planMilestoneMails(
      {
        kind: 'escalation',
        request: {
          reference: facts.reference,
          right: facts.right,
          jurisdiction: facts.jurisdiction,
          vendor_name: facts.vendor_name,
          channel_type: facts.channel_type,
          channel_value: facts.channel_value,
        },
        requester: {
          name: facts.name,
          email: facts.email,
          phone: facts.phone,
          address: facts.address,
          erased_at: facts.erased_at,
        },
        deadline: stored.state,
        today,
        language,
        ...(early && input.justification
          ? { early: { reason: input.justification, ...(input.reason ? { detail: input.reason } : {}) } }
          : {}),
      },
      deps.config,
    );
    const letter = 'mails' in plan ? plan.mails.find((m) => m.template === 'vendor_follow_up') : undefined;
    if (!letter)
      throw refused(
        request,
        'escalate',
        `No follow-up letter can be written: ${'skip' in plan ? plan.skip : 'no vendor letter planned'}.`,
      );
    const pdf = await renderLetterPdf({
      from: facts.name,
      to:
        facts.channel_type === 'postal' && facts.channel_value
          ? (({ name, address }) => `${name}\n${address}`)(postalAddressee(facts.vendor_name, facts.channel_value))
          : [facts.vendor_name, ...(facts.channel_value ? [facts.channel_value] : [])].join('\n'),
      date: letterDateIn(language, receiptDate(now, stored.state.calendar.timezone)),
      subject: letter.rendered.subject,
      bodyText: letterBodyForPdf(letter.rendered.text, language),
      language,
      reference: facts.reference,
      size: facts.jurisdiction.startsWith('US') || facts.jurisdiction.startsWith('CA') ? 'LETTER' : 'A4',
    });
    const [row] = await trx('letters')
      .insert({
        request_id: request.id,
        purpose: 'follow_up',
        channel_type: facts.channel_type,
        channel_value: facts.channel_value,
        template: 'vendor_follow_up',
        language,
        subject: letter.rendered.subject,
        text_body: letter.rendered.text,
        html_body: letter.rendered.html,
        pdf: sealLetterPdf(deps.config.appSecret, pdf),
        stated_due: stored.effective_due,
      })
      .returning<{ id: number }[]>('id');
    let emailId: number | null = null;
    if (letter.recipient === 'vendor') {
      const email = await queueEmail(trx, {
        template: 'vendor_follow_up',
        from: deps.config.mailFrom,
        to: letter.to,
        replyTo: replyAddressFor(facts.reference, deps.config.appSecret, deps.config.replyDomain),
        messageIdDomain: deps.config.replyDomain,
        related: { type: 'follow_up', id: request.id },
        ...letter.rendered,
        attachments: await requestAttachments(trx, request.id),
      });
      emailId = email.id;
      await trx('letters').where({ id: row!.id }).update({ outbound_email_id: email.id });
    }
    await recordEvent(trx, {
      subjectId: request.id,
      type: 'escalated',
      actor: { type: 'staff', id: input.staffId },
      reason: input.reason,
      at: now,
      payload: {
        letter_id: row!.id,
        channel: facts.channel_type,
        outbound_email_id: emailId,
        effective_due: stored.effective_due,
        ...(early ? { early: true, justification: input.justification } : {}),
      },
    });
    return {
      id: request.id,
      status: request.status,
      letter_id: row!.id,
      outbound_email_id: emailId,
      staff_task: emailId === null,
    };
  });
}
