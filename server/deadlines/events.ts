/**
 * Events on a computed deadline: extension, pause/resume, and the milestone schedule.
 * Each event re-runs computeDeadline on the deadline's own inputs, so a pause after a weekend roll-forward shifts the
 * nominal date, not the already-moved one. Refusals are values, not exceptions: they are expected business outcomes.
 */
import { addCalendarDays, parseIsoDate, type IsoDate } from './calendar';
import { computeDeadline, DeadlineInputError, extensionProblem, type Deadline, type RefusalCode } from './compute';
import { ruleFor } from './rules';

export type EventRefusalCode =
  RefusalCode | 'pause_not_allowed' | 'already_paused' | 'pause_outside_clock' | 'not_paused' | 'resume_before_pause';
export type EventResult = { ok: true; deadline: Deadline } | { ok: false; code: EventRefusalCode; reason: string };

const refuse = (code: EventRefusalCode, reason: string): EventResult => ({ ok: false, code, reason });

function date(value: unknown, parameter: string): IsoDate {
  const d = parseIsoDate(value);
  if (!d)
    throw new DeadlineInputError(
      parameter,
      `${parameter} must be a real calendar date YYYY-MM-DD, got ${JSON.stringify(value)}`,
    );
  return d;
}

function ruleOf(deadline: Deadline) {
  const rule = ruleFor(deadline.jurisdiction, deadline.right);
  if (!rule) throw new DeadlineInputError('deadline', `no rule for ${deadline.jurisdiction}/${deadline.right}`);
  return rule;
}

/**
 * Accepts an extension notice only if dated on/before the ORIGINAL statutory due date and the new date (default: the
 * regime maximum, counted from receipt) is not beyond the maximum. One extension only: extensions are never chained.
 */
export function applyExtension(deadline: Deadline, notice: { noticeDate: IsoDate; newDate?: IsoDate }): EventResult {
  const noticeDate = date(notice.noticeDate, 'noticeDate');
  const newDate = notice.newDate === undefined ? undefined : date(notice.newDate, 'newDate');
  if (deadline.extension)
    return refuse(
      'already_extended',
      `already extended on ${deadline.extension.noticeDate}; extensions are not chained`,
    );
  const extension = newDate === undefined ? { noticeDate } : { noticeDate, newDate };
  const problem = extensionProblem(
    ruleOf(deadline),
    deadline.received,
    deadline.statutory_due,
    deadline.extended_due,
    extension,
  );
  if (problem) return refuse(problem.code, problem.reason);
  return { ok: true, deadline: computeDeadline({ ...deadline.inputs, extension }) };
}

/** Stops the deadline (waiting for ID/clarification) where the regime allows it: UK GDPR, Oregon, GDPR (medium). */
export function applyPause(deadline: Deadline, pause: { from: IsoDate }): EventResult {
  const from = date(pause.from, 'from');
  const rule = ruleOf(deadline);
  if (rule.pause === 'none')
    return refuse('pause_not_allowed', `${rule.regimeName} does not allow pausing the deadline`);
  if (deadline.paused_since) return refuse('already_paused', `deadline already paused since ${deadline.paused_since}`);
  if (from < deadline.received || from > deadline.due) {
    return refuse(
      'pause_outside_clock',
      `pause date ${from} is outside the running deadline ${deadline.received}..${deadline.due}`,
    );
  }
  return { ok: true, deadline: computeDeadline({ ...deadline.inputs, pausedSince: from }) };
}

/** Restarts the deadline; the paused days (resume date − pause date) are added to every date of it. */
export function resume(deadline: Deadline, at: { at: IsoDate }): EventResult {
  const to = date(at.at, 'at');
  const since = deadline.paused_since;
  if (!since) return refuse('not_paused', 'the deadline is not paused');
  if (to < since) return refuse('resume_before_pause', `resume date ${to} is before the pause date ${since}`);
  const { pausedSince: _drop, ...rest } = deadline.inputs;
  return { ok: true, deadline: computeDeadline({ ...rest, pauses: [...(rest.pauses ?? []), { from: since, to }] }) };
}

export type MilestoneKind = 'ack_due' | 'reminder_7d' | 'reminder_2d' | 'due' | 'overdue' | 'escalation';
export interface Milestone {
  kind: MilestoneKind;
  at: IsoDate;
}
const ORDER: MilestoneKind[] = ['ack_due', 'reminder_7d', 'reminder_2d', 'due', 'overdue', 'escalation'];

/**
 * Date-ordered milestones of the effective due date. Reminders that would fall before receipt are dropped; while the
 * deadline is paused only the acknowledgement remains (the rest is rescheduled on resume).
 */
function escalationDate(deadline: Deadline): IsoDate {
  const afterDue = addCalendarDays(deadline.due, 14);
  if (deadline.due_kind === 'follow_up' || deadline.effective !== 'vendor' || deadline.extension) return afterDue;
  const afterLaw = addCalendarDays(deadline.statutory_due, 1);
  return afterLaw > afterDue ? afterLaw : afterDue;
}

export function milestonesFor(deadline: Deadline): Milestone[] {
  const out: Milestone[] = [];
  if (deadline.ack_due) out.push({ kind: 'ack_due', at: deadline.ack_due });
  if (!deadline.paused_since) {
    const due = deadline.due;
    out.push(
      { kind: 'reminder_7d', at: addCalendarDays(due, -7) },
      { kind: 'reminder_2d', at: addCalendarDays(due, -2) },
      { kind: 'due', at: due },
      { kind: 'overdue', at: addCalendarDays(due, 1) },
      // Escalation (follow-up letter, and a complaint draft once a LEGAL deadline has passed) comes 14 days after the
      // effective date, and never before the law's own deadline has passed: a missed promise alone is answered by the
      // overdue notice and its reminder letter, not by a complaint.
      { kind: 'escalation', at: escalationDate(deadline) },
    );
  }
  return out
    .filter((m) => !m.kind.startsWith('reminder') || m.at >= deadline.received)
    .sort((a, b) => a.at.localeCompare(b.at) || ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
}
