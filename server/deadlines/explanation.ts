/**
 * How a deadline was worked out, line by line, as data: each line a stable `code` with its `params`, so the consumer
 * pages say it in their language (client/src/consumer/explanation.ts renders them with i18next). The English lines of
 * `Deadline.explanation` are made from the same items here (staff screens, events and the public deadline API read
 * them). Dates are ISO (YYYY-MM-DD); the reader formats them and names the weekday. What stays as written: citations,
 * the calendar's legal rule, holiday names, a rule's own note and a vendor's quoted policy.
 */
import { z } from 'zod';
import { weekdayOf, type IsoDate } from './calendar';
import type { Duration } from './rules';

/** A period: `amount` of `unit` (calendar_days, business_days, months). */
const period = { amount: z.number(), unit: z.enum(['calendar_days', 'business_days', 'months']) };

export const explanationItemSchema = z.discriminatedUnion('code', [
  z.object({
    code: z.literal('not_received'),
    params: z.object({ received: z.string() }),
  }),
  z.object({
    code: z.literal('rule'),
    params: z.object({
      regime: z.string(),
      right: z.string(),
      rule: z.string(),
      version: z.string(),
      confidence: z.string(),
      citation: z.string(),
    }),
  }),
  z.object({
    code: z.literal('received_at'),
    params: z.object({ instant: z.string(), received: z.string(), timezone: z.string() }),
  }),
  z.object({ code: z.literal('received'), params: z.object({ received: z.string() }) }),
  z.object({ code: z.literal('count_months'), params: z.object({}) }),
  z.object({ code: z.literal('count_business_days'), params: z.object({}) }),
  z.object({ code: z.literal('count_calendar_days'), params: z.object({ amount: z.number() }) }),
  z.object({
    code: z.enum(['statutory', 'follow_up_point']),
    params: z.object({ ...period, due: z.string() }),
  }),
  z.object({ code: z.literal('non_working'), params: z.object({ calendar_rule: z.string() }) }),
  z.object({
    code: z.literal('moved'),
    params: z.object({
      basis: z.enum(['statute', 'extension', 'vendor']),
      vendor: z.string().nullable(),
      nominal: z.string(),
      holiday: z.string().nullable(),
      due: z.string(),
    }),
  }),
  z.object({
    code: z.literal('promise_not_applied'),
    params: z.object({
      vendor: z.string(),
      days: z.number(),
      unit: z.enum(['calendar', 'business', 'month']),
      rights: z.array(z.string()),
      jurisdiction: z.string().nullable(),
    }),
  }),
  z.object({
    code: z.literal('promise'),
    params: z.object({ vendor: z.string(), ...period, right: z.string(), due: z.string(), quote: z.string() }),
  }),
  z.object({
    code: z.literal('extension_available'),
    params: z.object({ ...period, extended_due: z.string(), notice_by: z.string() }),
  }),
  z.object({ code: z.literal('no_extension'), params: z.object({}) }),
  z.object({ code: z.literal('ack'), params: z.object({ ...period, due: z.string() }) }),
  z.object({
    code: z.literal('paused'),
    params: z.object({ days: z.number(), pauses: z.array(z.object({ from: z.string(), to: z.string() })) }),
  }),
  z.object({ code: z.literal('paused_since'), params: z.object({ since: z.string() }) }),
  z.object({ code: z.literal('extension_accepted'), params: z.object({ notice_date: z.string(), due: z.string() }) }),
  z.object({
    code: z.literal('effective'),
    params: z.object({ due: z.string(), source: z.enum(['statute', 'vendor']), count: z.number() }),
  }),
  z.object({ code: z.literal('medium_confidence'), params: z.object({}) }),
  z.object({ code: z.literal('rule_note'), params: z.object({ text: z.string() }) }),
]);
export type ExplanationItem = z.infer<typeof explanationItemSchema>;

export const periodOf = (d: Duration) => ({ amount: d.amount, unit: d.unit });

const describe = (p: { amount: number; unit: string }) =>
  `${p.amount} ${p.unit.replace('_', ' ').replace(/s$/, p.amount === 1 ? '' : 's')}`;

/** One item in English, as the deadline's `explanation` has always read. */
export function explanationLine(item: ExplanationItem): string {
  switch (item.code) {
    case 'not_received':
      return `Not yet received by the vendor: the dates assume it arrives on ${item.params.received}.`;
    case 'rule': {
      const p = item.params;
      return `${p.regime}, right "${p.right}": rule ${p.rule} (rules ${p.version}), confidence ${p.confidence}; ${p.citation}.`;
    }
    case 'received_at': {
      const p = item.params;
      return `Received at ${p.instant}; receipt date ${p.received} (${weekdayOf(p.received as IsoDate)}) taken in ${p.timezone} (no regulator fixes the timezone).`;
    }
    case 'received':
      return `Received ${item.params.received} (${weekdayOf(item.params.received as IsoDate)}).`;
    case 'count_months':
      return 'Calendar months: same day-of-month, or the last day of a shorter month (31 Jan + 1 month = 28/29 Feb).';
    case 'count_business_days':
      return 'Business days: the receipt day is not counted; Saturdays, Sundays and the holidays of the calendar below are skipped.';
    case 'count_calendar_days':
      return `Calendar days: the receipt day is not counted; day ${item.params.amount} is the deadline.`;
    case 'statutory':
      return `Statutory deadline: ${describe(item.params)} → ${item.params.due}.`;
    case 'follow_up_point':
      return `Follow-up point (no fixed statutory deadline): ${describe(item.params)} → ${item.params.due}.`;
    case 'non_working':
      return `A date on a non-working day moves to the next working day. Non-working days: Saturdays, Sundays and, per ${item.params.calendar_rule}.`;
    case 'moved': {
      const p = item.params;
      const label = p.basis === 'vendor' ? `Vendor ${p.vendor}` : p.basis === 'extension' ? 'Extension' : 'Statute';
      return `${label}: ${p.nominal} is a ${weekdayOf(p.nominal as IsoDate)}${p.holiday ? ` (${p.holiday})` : ''}, moved to the next business day ${p.due}.`;
    }
    case 'promise_not_applied': {
      const p = item.params;
      return `Vendor ${p.vendor} promise of ${p.days} ${p.unit === 'month' ? 'month(s)' : `${p.unit} day(s)`} not applied: it covers ${p.rights.join('/') || 'no rights'} in ${p.jurisdiction ?? 'all jurisdictions'}.`;
    }
    case 'promise': {
      const p = item.params;
      return `Vendor ${p.vendor} promises ${describe(p)} for ${p.right} → ${p.due} ("${p.quote}").`;
    }
    case 'extension_available':
      return `Extension: at most ${describe(item.params)} counted from receipt (never chained) → ${item.params.extended_due}; notice by ${item.params.notice_by}.`;
    case 'no_extension':
      return 'No extension is available.';
    case 'ack':
      return `Acknowledgement due within ${describe(item.params)} → ${item.params.due}.`;
    case 'paused':
      return `Deadline paused ${item.params.days} day(s) (${item.params.pauses.map((p) => `${p.from}..${p.to}`).join(', ')}); added to every date.`;
    case 'paused_since':
      return `Deadline paused since ${item.params.since}: dates move by the paused days on resume.`;
    case 'extension_accepted':
      return `Extension notice of ${item.params.notice_date} accepted: due ${item.params.due}; vendor promises superseded.`;
    case 'effective': {
      const p = item.params;
      return `Effective deadline ${p.due} from the ${p.source === 'vendor' ? 'vendor promise (earlier than the statute)' : 'statute'}; ${p.count} basis entr${p.count === 1 ? 'y' : 'ies'} shown.`;
    }
    case 'medium_confidence':
      return 'MEDIUM confidence: figure not confirmed from the primary text; check the citation.';
    case 'rule_note':
      return item.params.text;
  }
}
