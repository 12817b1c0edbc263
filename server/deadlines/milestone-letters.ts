/**
 * What a fired milestone says and to whom: pure, from the stored deadline and the request's rows. Returns the mails to
 * queue, or why there are none (a template that does not exist yet, a jurisdiction without a regulator on file).
 */
import type { Config } from '../config';
import { regulatorsFor } from '../mail/regulators';
import { renderTemplate, type RenderedTemplate } from '../mail/templates';
import { addCalendarDays, daysBetween, type IsoDate } from './calendar';
import type { BasisEntry, Deadline } from './compute';
import type { MilestoneKind } from './events';
import { postalAddressee } from '../vendors';
import type { LetterLanguage } from '../shared/languages';
import { amountIn, basisTextIn, EXTENDED_PERIOD, statuteCitationIn, vendorCitationIn } from './statement-i18n';

export interface MilestoneContext {
  kind: MilestoneKind;
  request: {
    reference: string;
    right: string;
    jurisdiction: string;
    vendor_name: string;
    channel_type: string;
    channel_value: string | null;
  };
  requester: { name: string; email: string; phone: string | null; address: unknown; erased_at: Date | null };
  deadline: Deadline;
  /** today in the jurisdiction's timezone */
  today: IsoDate;
  /** a staff escalation before anything is due, with the reason that justifies it */
  early?: { reason: 'vendor_refused' | 'unlawful_demand'; detail?: string };
  /** the language of the request's letter: the follow-up to the company is written in it (English by default) */
  language?: LetterLanguage;
}

/** who a mail goes to, as a role: the notification record keeps roles and email ids, never addresses */
type RecipientRole = 'staff' | 'requester' | 'vendor' | 'staff_for_vendor';
interface PlannedMail {
  template: string;
  recipient: RecipientRole;
  to: string;
  rendered: RenderedTemplate;
}
export type MilestonePlan = { mails: PlannedMail[] } | { skip: string };

const STAFF_NAME = 'privacy team';

const amountOf = (entry: BasisEntry) =>
  entry.unit === 'months'
    ? `${entry.months} month${entry.months === 1 ? '' : 's'}`
    : `${entry.days} ${entry.unit.replace('_', ' ')}`;
const citationOf = (entry: BasisEntry, language: LetterLanguage = 'en') =>
  language !== 'en'
    ? typeof entry.citation === 'string'
      ? statuteCitationIn(language, entry.citation)
      : vendorCitationIn(language, entry.vendor, entry.citation.quote)
    : typeof entry.citation === 'string'
      ? entry.citation
      : `privacy policy of ${entry.vendor ?? 'the business'}: "${entry.citation.quote}"`;
const amountOfIn = (entry: BasisEntry, language: LetterLanguage) =>
  language === 'en' ? amountOf(entry) : amountIn(language, entry);

/**
 * The basis that produced the effective date, in words and with its citation, for letters and complaints; in the
 * letter's language when given (statement-i18n.ts).
 */
export function basisOf(d: Deadline, language: LetterLanguage = 'en'): { basis_text: string; citation: string } {
  const wanted: BasisEntry['source'] = d.effective;
  const entry = d.basis.find((b) => !b.superseded && b.source === wanted && b.due === d.due) ?? d.basis[0]!;
  if (language !== 'en')
    return {
      basis_text: basisTextIn(language, entry, d.extension?.noticeDate ?? null),
      citation: citationOf(entry, language),
    };
  const basis_text =
    entry.unit === 'fixed_date'
      ? `extended to ${entry.due} by the notice of ${d.extension?.noticeDate ?? 'the business'}`
      : entry.source === 'vendor'
        ? `${amountOf(entry)} from receipt, as the business's own privacy policy promises`
        : `${amountOf(entry)} from receipt`;
  return { basis_text, citation: citationOf(entry) };
}

/**
 * What the effective date IS, so no text calls a date "the law's" that is not: the statute's deadline, the company's own
 * promise (with its citation; the statute's deadline beside it), or a follow-up point where the law says only "without
 * delay" (APPI). `legal_due` is the date the law sets (null where it sets none); a regulator complaint is only due
 * after it has passed.
 */
export interface DueStatement {
  kind: 'statute' | 'promise' | 'follow_up';
  due: IsoDate;
  /** the effective date's period alone ("45 calendar days", "1 month"), for "within ... of receiving this letter" */
  period: string;
  basis_text: string;
  citation: string;
  legal_due: IsoDate | null;
  /** the law's period ("45 calendar days"), or null where the law sets none */
  legal_period: string | null;
  legal_citation: string;
  regime_name: string;
}

export function dueStatement(d: Deadline, language: LetterLanguage = 'en'): DueStatement {
  const statute = d.basis.find((b) => b.source === 'statute' && b.kind !== 'extension') ?? d.basis[0]!;
  const extension = d.extension ? d.basis.find((b) => b.kind === 'extension' && b.unit === 'fixed_date') : undefined;
  const effective = d.basis.find((b) => !b.superseded && b.source === d.effective && b.due === d.due) ?? statute;
  const followUpOnly = d.due_kind === 'follow_up';
  const kind: DueStatement['kind'] = d.effective === 'vendor' ? 'promise' : followUpOnly ? 'follow_up' : 'statute';
  const legal = extension ?? statute;
  return {
    kind,
    due: d.due,
    period:
      effective.unit === 'fixed_date'
        ? language === 'en'
          ? `the extended period`
          : EXTENDED_PERIOD[language]
        : amountOfIn(effective, language),
    ...basisOf(d, language),
    legal_due: followUpOnly ? null : legal.due,
    legal_period: followUpOnly || legal.unit === 'fixed_date' ? null : amountOfIn(legal, language),
    legal_citation: citationOf(legal, language),
    regime_name: d.regime_name,
  };
}

/** The law's own period in words ("45 calendar days from receipt", or the extension), for the complaint draft. */
function dueStatementLegalText(d: Deadline): string {
  const s = dueStatement(d);
  return s.legal_period
    ? `${s.legal_period} from receipt`
    : `extended by the business's notice of ${d.extension?.noticeDate ?? 'extension'}`;
}

/** Whether the date the LAW sets (not a promise, not a follow-up point) has passed by `today`. */
export function legalDeadlinePassed(d: Deadline, today: IsoDate): boolean {
  const s = dueStatement(d);
  return s.legal_due !== null && today > s.legal_due;
}

function chronology(c: MilestoneContext): { date: IsoDate; description: string }[] {
  const d = c.deadline;
  const s = dueStatement(d);
  return [
    { date: d.received, description: `Request received by ${c.request.vendor_name}.` },
    ...(d.extension
      ? [{ date: d.extension.noticeDate, description: `${c.request.vendor_name} extended the deadline to ${d.due}.` }]
      : []),
    ...(s.kind === 'promise'
      ? [
          {
            date: addCalendarDays(d.due, 1),
            description: `The date the business's own privacy policy promised, ${d.due}, passed without a response.`,
          },
        ]
      : []),
    ...(s.legal_due
      ? [
          {
            date: addCalendarDays(s.legal_due, 1),
            description: `The legal deadline of ${s.legal_due} (${s.legal_citation}) passed without a complete response.`,
          },
        ]
      : []),
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
      staff_name: STAFF_NAME,
      kind: c.kind,
      reference: r.reference,
      vendor_name: r.vendor_name,
      right,
      regime,
      due,
      request_url: requestUrl,
      ...(({ kind, citation, legal_due, legal_citation }) => ({ due_kind: kind, citation, legal_due, legal_citation }))(
        dueStatement(d),
      ),
    });
    return { mails: [{ template: 'staff_reminder', recipient: 'staff', to: config.staffEmail, rendered }] };
  }
  if (c.requester.erased_at) return { skip: 'the requester was erased' };
  const statement = dueStatement(d);
  // A complaint to the regulator is threatened or drafted only once the date the LAW sets has passed: never for a
  // company's own promise alone, nor for a follow-up point where the law says only "without delay".
  const legalPassed = legalDeadlinePassed(d, c.today);
  const regulator = regulatorsFor(r.jurisdiction)[0];
  if (legalPassed && !regulator) return { skip: `no regulator on file for ${r.jurisdiction}` };
  const dueFacts = {
    due_kind: statement.kind,
    citation: statement.citation,
    legal_due: statement.legal_due,
    legal_citation: statement.legal_citation,
  };
  const address = c.requester.address ?? undefined;
  if (c.kind === 'overdue') {
    const rendered = renderTemplate('consumer_overdue', {
      consumer_name: c.requester.name,
      reference: r.reference,
      vendor_name: r.vendor_name,
      due: d.due,
      days_overdue: Math.max(1, daysBetween(d.due, c.today)),
      ...dueFacts,
      ...(legalPassed && regulator ? { regulator_code: regulator.code, complaint_url: `${requestUrl}/complaint` } : {}),
      follow_up_url: `${requestUrl}/follow-up`,
    });
    return { mails: [{ template: 'consumer_overdue', recipient: 'requester', to: c.requester.email, rendered }] };
  }
  // escalation: the follow-up letter goes to the vendor's channel; a postal or web-form vendor gets it through staff.
  const byEmail = r.channel_type === 'email' && !!r.channel_value;
  // the follow-up goes to the company in the language of the letter it follows up
  const language = c.language ?? 'en';
  const { basis_text, citation } = basisOf(d, language);
  const letterStatement = dueStatement(d, language);
  // a posted follow-up goes to the entity its address belongs to, like the request letter
  const postal =
    !byEmail && r.channel_type === 'postal' && r.channel_value ? postalAddressee(r.vendor_name, r.channel_value) : null;
  const vendor = {
    name: postal?.name ?? r.vendor_name,
    ...(byEmail ? { email: r.channel_value! } : {}),
    ...(postal ? { postal_address: postal.address } : {}),
  };
  if (!vendor.email && !vendor.postal_address)
    return { skip: `no email or postal channel for the vendor (channel ${r.channel_type})` };
  const requester = {
    name: c.requester.name,
    email: c.requester.email,
    ...(c.requester.phone ? { phone: c.requester.phone } : {}),
    ...(address ? { address: address as never } : {}),
  };
  const followUp = renderTemplate(
    'vendor_follow_up',
    {
      reference: r.reference,
      right,
      regime,
      jurisdiction: r.jurisdiction,
      // The original letter carried the identifying fields the vendor asked for; the follow-up only refers to it.
      vendor: { ...vendor, required_subject_line: null, required_fields: [] },
      requester,
      deadline: {
        kind: letterStatement.kind,
        due: d.due,
        period: letterStatement.period,
        basis_text,
        citation,
        legal_due: letterStatement.legal_due,
        legal_period: letterStatement.legal_period,
        legal_citation: letterStatement.legal_citation,
        extended_due: d.extension ? d.due : null,
      },
      date: c.today,
      original_date: d.received,
      legal_deadline_passed: legalPassed,
      ...(legalPassed && regulator ? { regulator_code: regulator.code } : {}),
      ...(c.early
        ? { early_reason: c.early.reason, ...(c.early.detail ? { early_reason_detail: c.early.detail } : {}) }
        : {}),
    },
    language,
  );
  const letter: PlannedMail = {
    template: 'vendor_follow_up',
    recipient: byEmail ? 'vendor' : 'staff_for_vendor',
    to: byEmail ? r.channel_value! : config.staffEmail,
    rendered: followUp,
  };
  if (!legalPassed || !regulator) return { mails: [letter] };
  const complaint = renderTemplate('regulator_complaint_draft', {
    reference: r.reference,
    regulator_code: regulator.code,
    complainant: {
      name: c.requester.name,
      email: c.requester.email,
      ...(address ? { address: address as never } : {}),
    },
    vendor,
    right,
    regime,
    request_date: d.received,
    due: statement.legal_due!,
    basis_text: dueStatementLegalText(d),
    citation: statement.legal_citation,
    events: chronology(c),
    vendor_response: null,
  });
  return {
    mails: [
      letter,
      { template: 'regulator_complaint_draft', recipient: 'requester', to: c.requester.email, rendered: complaint },
    ],
  };
}
