/**
 * What a fired milestone says and to whom: pure, from the stored clock and the request's rows. Returns the mails to
 * queue, or why there are none (a template that does not exist yet, a jurisdiction without a regulator on file).
 */
import type { Config } from '../config';
import { regulatorsFor } from '../mail/regulators';
import { renderTemplate, type RenderedTemplate } from '../mail/templates';
import { addCalendarDays, daysBetween, type IsoDate } from './calendar';
import type { BasisEntry, Deadline } from './compute';
import type { MilestoneKind } from './events';

export interface MilestoneContext {
  kind: MilestoneKind;
  request: { reference: string; right: string; jurisdiction: string; vendor_name: string; channel_type: string; channel_value: string | null };
  requester: { name: string; email: string; phone: string | null; address: unknown; erased_at: Date | null };
  deadline: Deadline;
  /** today in the jurisdiction's timezone */
  today: IsoDate;
}

/** who a mail goes to, as a role: the notification record keeps roles and email ids, never addresses */
export type RecipientRole = 'staff' | 'requester' | 'vendor' | 'staff_for_vendor';
export interface PlannedMail { template: string; recipient: RecipientRole; to: string; rendered: RenderedTemplate }
export type MilestonePlan = { mails: PlannedMail[] } | { skip: string };

const STAFF_NAME = 'privacy team';

/** The basis that produced the effective date, in words and with its citation, for letters and complaints. */
export function basisOf(d: Deadline): { basis_text: string; citation: string } {
  const wanted: BasisEntry['source'] = d.effective;
  const entry = d.basis.find((b) => !b.superseded && b.source === wanted && b.due === d.due) ?? d.basis[0]!;
  const amount = entry.unit === 'months' ? `${entry.months} month${entry.months === 1 ? '' : 's'}` : `${entry.days} ${entry.unit.replace('_', ' ')}`;
  const basis_text = entry.unit === 'fixed_date'
    ? `extended to ${entry.due} by the notice of ${d.extension?.noticeDate ?? 'the business'}`
    : entry.source === 'vendor' ? `${amount} from receipt, as the business's own privacy policy promises` : `${amount} from receipt`;
  const citation = typeof entry.citation === 'string' ? entry.citation : `privacy policy of ${entry.vendor ?? 'the business'}: "${entry.citation.quote}"`;
  return { basis_text, citation };
}

function chronology(c: MilestoneContext): { date: IsoDate; description: string }[] {
  const d = c.deadline;
  return [
    { date: d.received, description: `Request received by ${c.request.vendor_name}.` },
    ...(d.extension ? [{ date: d.extension.noticeDate, description: `${c.request.vendor_name} extended the deadline to ${d.due}.` }] : []),
    { date: addCalendarDays(d.due, 1), description: `The deadline of ${d.due} passed without a complete response.` },
    { date: c.today, description: 'Follow-up letter sent to the business.' },
  ];
}

export function planMilestoneMails(c: MilestoneContext, config: Config): MilestonePlan {
  const { request: r, deadline: d } = c;
  const requestUrl = `${config.publicUrl}/requests/${r.reference}`;
  const regime = d.regime;
  const right = d.right;
  if (c.kind === 'ack_due' || c.kind === 'reminder_7d' || c.kind === 'reminder_2d' || c.kind === 'due') {
    const due = c.kind === 'ack_due' ? (d.ack_due ?? d.due) : d.due;
    const rendered = renderTemplate('staff_reminder', {
      staff_name: STAFF_NAME, kind: c.kind, reference: r.reference, vendor_name: r.vendor_name, right, regime, due, request_url: requestUrl,
    });
    return { mails: [{ template: 'staff_reminder', recipient: 'staff', to: config.staffEmail, rendered }] };
  }
  if (c.requester.erased_at) return { skip: 'the requester was erased' };
  const regulator = regulatorsFor(r.jurisdiction)[0];
  if (!regulator) return { skip: `no regulator on file for ${r.jurisdiction}` };
  const address = c.requester.address ?? undefined;
  if (c.kind === 'overdue') {
    const rendered = renderTemplate('consumer_overdue', {
      consumer_name: c.requester.name, reference: r.reference, vendor_name: r.vendor_name, due: d.due,
      days_overdue: Math.max(1, daysBetween(d.due, c.today)), regulator_code: regulator.code,
      follow_up_url: `${requestUrl}/follow-up`, complaint_url: `${requestUrl}/complaint`,
    });
    return { mails: [{ template: 'consumer_overdue', recipient: 'requester', to: c.requester.email, rendered }] };
  }
  // escalation: the follow-up letter goes to the vendor's channel; a postal or web-form vendor gets it through staff.
  const byEmail = r.channel_type === 'email' && !!r.channel_value;
  const { basis_text, citation } = basisOf(d);
  const vendor = {
    name: r.vendor_name,
    ...(byEmail ? { email: r.channel_value! } : {}),
    ...(!byEmail && r.channel_type === 'postal' && r.channel_value ? { postal_address: r.channel_value } : {}),
  };
  if (!vendor.email && !vendor.postal_address) return { skip: `no email or postal channel for the vendor (channel ${r.channel_type})` };
  const requester = {
    name: c.requester.name, email: c.requester.email,
    ...(c.requester.phone ? { phone: c.requester.phone } : {}),
    ...(address ? { address: address as never } : {}),
  };
  const followUp = renderTemplate('vendor_follow_up', {
    reference: r.reference, right, regime, jurisdiction: r.jurisdiction,
    // The original letter carried the identifying fields the vendor asked for; the follow-up only refers to it.
    vendor: { ...vendor, required_subject_line: null, required_fields: [] },
    requester, deadline: { due: d.due, basis_text, citation, extended_due: d.extension ? d.due : null },
    date: c.today, original_date: d.received, regulator_code: regulator.code,
  });
  const complaint = renderTemplate('regulator_complaint_draft', {
    reference: r.reference, regulator_code: regulator.code,
    complainant: { name: c.requester.name, email: c.requester.email, ...(address ? { address: address as never } : {}) },
    vendor, right, regime, request_date: d.received, due: d.due, basis_text, citation, events: chronology(c), vendor_response: null,
  });
  return {
    mails: [
      { template: 'vendor_follow_up', recipient: byEmail ? 'vendor' : 'staff_for_vendor', to: byEmail ? r.channel_value! : config.staffEmail, rendered: followUp },
      { template: 'regulator_complaint_draft', recipient: 'requester', to: c.requester.email, rendered: complaint },
    ],
  };
}
