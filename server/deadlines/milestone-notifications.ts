/**
 * The deliver-milestone job: turns one fired milestone into its one notification. The milestone row is locked and its
 * `notified_at` checked first, so a retried job, a duplicate job or a second worker never queues a second mail; the
 * mails and the mark commit together.
 */
import type { Knex } from 'knex';
import type { Config } from '../config';
import { queueEmail } from '../mail';
import { TemplateDataError } from '../mail/templates';
import type { Clock } from '../shared/clock';
import { receiptDate } from './calendar';
import type { DeadlineRow, MilestoneRow } from './deadlines.repository';
import { findRequestFacts } from './deadlines.repository';
import { planMilestoneMails, type MilestonePlan } from './milestone-letters';
import { isLetterLanguage, type LetterLanguage } from '../shared/languages';

export type DeliveryOutcome =
  | { status: 'queued'; emails: number[] }
  | { status: 'skipped' | 'failed'; reason: string }
  | { status: 'already_notified' | 'not_fired' | 'missing' };

export async function deliverMilestone(
  db: Knex,
  deps: { config: Config; clock: Clock },
  milestoneId: number,
): Promise<DeliveryOutcome> {
  return db.transaction(async (trx) => {
    const milestone = await trx('deadline_milestones')
      .where({ id: milestoneId })
      .forUpdate()
      .first<MilestoneRow | undefined>();
    if (!milestone) return { status: 'missing' };
    if (milestone.notified_at) return { status: 'already_notified' };
    if (!milestone.fired_at) return { status: 'not_fired' };
    const now = deps.clock.now();
    const outcome = await plan(trx, deps, milestone, now);
    const record = async (notification: Record<string, unknown>) => {
      await trx('deadline_milestones')
        .where({ id: milestoneId })
        .update({ notified_at: now, notification: JSON.stringify(notification) });
    };
    if ('skip' in outcome) {
      await record({ status: 'skipped', reason: outcome.skip });
      return { status: 'skipped', reason: outcome.skip };
    }
    if ('error' in outcome) {
      // Bad data will not fix itself on retry: record it where staff look, instead of retrying forever.
      await record({ status: 'failed', reason: outcome.error });
      return { status: 'failed', reason: outcome.error };
    }
    const emails: { id: number; template: string; recipient: string }[] = [];
    for (const mail of outcome.mails) {
      const { id } = await queueEmail(trx, {
        template: mail.template,
        from: deps.config.mailFrom,
        to: mail.to,
        subject: mail.rendered.subject,
        text: mail.rendered.text,
        html: mail.rendered.html,
        messageIdDomain: deps.config.replyDomain,
        related: { type: 'milestone', id: milestoneId },
      });
      emails.push({ id, template: mail.template, recipient: mail.recipient });
    }
    await record({ status: 'queued', emails });
    return { status: 'queued', emails: emails.map((e) => e.id) };
  });
}

async function plan(
  trx: Knex.Transaction,
  deps: { config: Config },
  milestone: MilestoneRow,
  now: Date,
): Promise<MilestonePlan | { error: string }> {
  const stored = await trx('request_deadlines')
    .where({ request_id: milestone.request_id })
    .first<DeadlineRow | undefined>();
  if (!stored) return { skip: 'the request has no deadline' };
  // Fired just before the vendor's final answer was recorded: a reminder now would only be noise.
  if (stored.closed_at || milestone.cancelled_at)
    return { skip: `the deadline was closed (${stored.close_reason ?? 'no reason'})` };
  const request = await findRequestFacts(trx, milestone.request_id);
  const requester =
    request &&
    (await trx('requesters')
      .where({ id: request.requester_id })
      .first('name', 'email', 'phone', 'address', 'erased_at'));
  if (!request || !requester) return { skip: 'the request or its requester no longer exists' };
  try {
    return planMilestoneMails(
      {
        kind: milestone.kind,
        request,
        requester,
        deadline: stored.state,
        today: receiptDate(now, stored.state.calendar.timezone),
        language: await requestLetterLanguage(trx, milestone.request_id),
      },
      deps.config,
    );
  } catch (err) {
    if (err instanceof TemplateDataError)
      return { error: `template ${err.template}: field ${err.field}: ${err.issues[0]?.message ?? 'invalid'}` };
    throw err;
  }
}

/** The language the request's letter went in (its follow-up is written in the same), English when there is none. */
export async function requestLetterLanguage(db: Knex | Knex.Transaction, requestId: number): Promise<LetterLanguage> {
  const row = await db('letters')
    .where({ request_id: requestId, purpose: 'request' })
    .first<{ language: string } | undefined>('language');
  return isLetterLanguage(row?.language) ? row.language : 'en';
}
