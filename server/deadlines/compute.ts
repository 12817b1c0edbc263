/**
 * computeDeadline: statutory response time + vendor promises → the effective deadline, with every basis cited.
 * Pure: no I/O, no clock reads. The result carries its own normalized inputs so deadline events (extension, pause,
 * resume in events.ts) are recomputations, never date arithmetic on an already rolled-forward date.
 */
import {
  addBusinessDays,
  addCalendarDays,
  addCalendarMonths,
  calendarFor,
  daysBetween,
  parseIsoDate,
  receiptDate,
  rollForward,
  type BusinessCalendar,
  type Holiday,
  type IsoDate,
} from './calendar';
import {
  EU_EEA,
  RULES_VERSION,
  SUPPORTED_JURISDICTIONS,
  resolveRight,
  rightsAvailable,
  ruleFor,
  type Duration,
  type Confidence,
  type RegimeCode,
  type RightCode,
  type RuleRow,
} from './rules';
import { EU_MEMBER_STATES } from '../shared/legal-vocabulary';
import { explanationLine, periodOf, type ExplanationItem } from './explanation';

export class DeadlineInputError extends Error {
  override readonly name = 'DeadlineInputError';
  constructor(
    readonly parameter: string,
    message: string,
    readonly supported?: string[],
  ) {
    super(message);
  }
  toJSON() {
    return {
      error: this.name,
      parameter: this.parameter,
      message: this.message,
      ...(this.supported ? { supported: this.supported } : {}),
    };
  }
}

interface VendorCitation {
  quote: string;
  start?: number;
  end?: number;
  document?: string;
}
export interface VendorPromise {
  vendor: string;
  days: number;
  unit: 'calendar' | 'business' | 'month';
  rights: string[];
  /** null = everywhere; 'US' covers every US-xx, 'EU'/'EEA' their members, otherwise an exact code */
  jurisdiction: string | null;
  citation: VendorCitation;
}
export interface PauseInterval {
  from: IsoDate;
  to: IsoDate;
}
export interface ExtensionNotice {
  noticeDate: IsoDate;
  newDate?: IsoDate;
}
export interface DeadlineInput {
  jurisdiction: string;
  right: string;
  /** a calendar date, or an instant whose date is taken in the jurisdiction's timezone */
  received: IsoDate | Date;
  vendorPromises?: VendorPromise[];
  pauses?: PauseInterval[];
  /** set by applyExtension */
  extension?: ExtensionNotice;
  /** set by applyPause: the time is stopped since this date */
  pausedSince?: IsoDate;
}
type NormalizedInput = Omit<DeadlineInput, 'received'> & { received: IsoDate };

export interface BasisEntry {
  source: 'statute' | 'vendor';
  kind: 'initial' | 'follow_up' | 'extension' | 'vendor_promise';
  vendor?: string;
  days?: number;
  months?: number;
  unit: 'calendar_days' | 'business_days' | 'months' | 'fixed_date';
  /** date before any weekend/holiday roll-forward */
  nominal: IsoDate;
  due: IsoDate;
  confidence: Confidence;
  citation: string | VendorCitation;
  superseded?: boolean;
}
export interface Deadline {
  rules_version: string;
  rule_id: string;
  regime: RegimeCode;
  regime_name: string;
  confidence: Confidence;
  jurisdiction: string;
  right: RightCode;
  received: IsoDate;
  received_instant: string | null;
  due: IsoDate;
  due_kind: 'deadline' | 'follow_up';
  statutory_due: IsoDate;
  extended_due: IsoDate | null;
  extension_notice_by: IsoDate | null;
  ack_due: IsoDate | null;
  effective: 'statute' | 'vendor';
  basis: BasisEntry[];
  calendar: { name: string; rule: string; timezone: string; holidays_applied: Holiday[] };
  pauses: PauseInterval[];
  paused_days: number;
  paused_since: IsoDate | null;
  extension: ExtensionNotice | null;
  /** in English (staff screens, events, the deadline API) */
  explanation: string[];
  /** the same lines as codes with their parameters, for the consumer pages to say in their language */
  explanation_items: ExplanationItem[];
  inputs: NormalizedInput;
}

export function promiseCoversJurisdiction(promised: string | null, jurisdiction: string): boolean {
  if (promised === null) return true;
  const p = promised.trim().toUpperCase();
  if (p === jurisdiction) return true;
  if (p === 'EU') return EU_MEMBER_STATES.includes(jurisdiction);
  if (p === 'EEA') return EU_EEA.includes(jurisdiction);
  if (p === 'UK') return jurisdiction === 'GB';
  return !p.includes('-') && jurisdiction.startsWith(`${p}-`);
}

function validDate(value: unknown, parameter: string): IsoDate {
  const d = parseIsoDate(value);
  if (!d)
    throw new DeadlineInputError(
      parameter,
      `${parameter} must be a real calendar date YYYY-MM-DD (2000-2199), got ${JSON.stringify(value)}`,
    );
  return d;
}

function normalizeInput(input: DeadlineInput): {
  input: NormalizedInput;
  rule: RuleRow;
  timezone: string;
  instant: string | null;
} {
  const jurisdiction = typeof input.jurisdiction === 'string' ? input.jurisdiction.trim().toUpperCase() : '';
  if (!SUPPORTED_JURISDICTIONS.includes(jurisdiction)) {
    throw new DeadlineInputError('jurisdiction', `unknown jurisdiction ${JSON.stringify(input.jurisdiction)}`, [
      ...SUPPORTED_JURISDICTIONS,
    ]);
  }
  // The same names and mapping as intake: "opt_out" becomes the jurisdiction's own opt-out right.
  const resolved = resolveRight(jurisdiction, typeof input.right === 'string' ? input.right : '');
  const right = resolved.ok ? resolved.right : '';
  const rule = ruleFor(jurisdiction, right);
  if (!resolved.ok || !rule) {
    const message = resolved.ok
      ? `right not available ${JSON.stringify(input.right)} in ${jurisdiction}`
      : resolved.message;
    throw new DeadlineInputError('right', message, [
      ...rightsAvailable(jurisdiction),
      ...(resolveRight(jurisdiction, 'opt_out').ok ? ['opt_out'] : []),
    ]);
  }
  const timezone = calendarFor(jurisdiction).timezone;
  let received: IsoDate;
  let instant: string | null = null;
  if (input.received instanceof Date) {
    if (Number.isNaN(input.received.getTime())) throw new DeadlineInputError('received', 'received is an invalid Date');
    instant = input.received.toISOString();
    received = validDate(receiptDate(input.received, timezone), 'received');
  } else received = validDate(input.received, 'received');
  for (const [i, p] of (input.vendorPromises ?? []).entries()) {
    const ok =
      Number.isInteger(p.days) &&
      p.days > 0 &&
      p.days <= 3650 &&
      ['calendar', 'business', 'month'].includes(p.unit) &&
      Array.isArray(p.rights);
    if (!ok)
      throw new DeadlineInputError(
        'vendorPromises',
        `vendorPromises[${i}] needs days 1-3650, unit calendar|business|month and rights[]`,
      );
  }
  const pauses = (input.pauses ?? []).map((p, i) => {
    const from = validDate(p.from, `pauses[${i}].from`);
    const to = validDate(p.to, `pauses[${i}].to`);
    if (from < received || to < from)
      throw new DeadlineInputError('pauses', `pauses[${i}] must satisfy received <= from <= to`);
    return { from, to };
  });
  const pausedSince = input.pausedSince === undefined ? undefined : validDate(input.pausedSince, 'pausedSince');
  if ((pauses.length > 0 || pausedSince) && rule.pause === 'none') {
    throw new DeadlineInputError('pauses', `${rule.regimeName} does not allow pausing the deadline`);
  }
  const extension = input.extension && {
    noticeDate: validDate(input.extension.noticeDate, 'noticeDate'),
    ...(input.extension.newDate === undefined ? {} : { newDate: validDate(input.extension.newDate, 'newDate') }),
  };
  const out: NormalizedInput = { jurisdiction, right, received, vendorPromises: input.vendorPromises ?? [], pauses };
  if (extension) out.extension = extension;
  if (pausedSince) out.pausedSince = pausedSince;
  return { input: out, rule, timezone, instant };
}

/** Total paused days after merging overlapping intervals (a day is never added back twice). */
function pausedDays(pauses: PauseInterval[]): number {
  const sorted = [...pauses].sort((a, b) => a.from.localeCompare(b.from));
  let total = 0;
  let cursor: IsoDate | null = null;
  for (const { from, to } of sorted) {
    const start: IsoDate = cursor && cursor > from ? cursor : from;
    if (to > start) total += daysBetween(start, to);
    if (!cursor || to > cursor) cursor = to;
  }
  return total;
}

function nominalFor(cal: BusinessCalendar, received: IsoDate, duration: Duration, shift: number): IsoDate {
  const base =
    duration.unit === 'months'
      ? addCalendarMonths(received, duration.amount)
      : duration.unit === 'business_days'
        ? addBusinessDays(cal, received, duration.amount)
        : addCalendarDays(received, duration.amount);
  return addCalendarDays(base, shift);
}

const UNIT_OF: Record<VendorPromise['unit'], Duration['unit']> = {
  calendar: 'calendar_days',
  business: 'business_days',
  month: 'months',
};
const amountFields = (c: Duration) => (c.unit === 'months' ? { months: c.amount } : { days: c.amount });
const describe = (c: Duration) => `${c.amount} ${c.unit.replace('_', ' ').replace(/s$/, c.amount === 1 ? '' : 's')}`;

interface Evaluated {
  due: IsoDate;
  statutoryDue: IsoDate;
  extendedDue: IsoDate | null;
  ackDue: IsoDate | null;
  basis: BasisEntry[];
  effective: 'statute' | 'vendor';
  notes: ExplanationItem[];
}

function evaluate(cal: BusinessCalendar, input: NormalizedInput, rule: RuleRow, shift: number): Evaluated {
  const notes: ExplanationItem[] = [];
  const entry = (
    source: BasisEntry['source'],
    kind: BasisEntry['kind'],
    duration: Duration,
    confidence: Confidence,
    citation: BasisEntry['citation'],
    vendor?: string,
  ): BasisEntry => {
    const nominal = nominalFor(cal, input.received, duration, shift);
    const due = rollForward(cal, nominal);
    if (due !== nominal) {
      const holiday = cal.holidaysBetween(nominal, nominal)[0];
      notes.push({
        code: 'moved',
        params: {
          basis: vendor ? 'vendor' : kind === 'extension' ? 'extension' : 'statute',
          vendor: vendor ?? null,
          nominal,
          holiday: holiday?.name ?? null,
          due,
        },
      });
    }
    return {
      source,
      kind,
      ...(vendor ? { vendor } : {}),
      ...amountFields(duration),
      unit: duration.unit,
      nominal,
      due,
      confidence,
      citation,
    };
  };
  const statute = entry(
    'statute',
    rule.kind === 'follow_up' ? 'follow_up' : 'initial',
    rule.response,
    rule.confidence,
    rule.citation,
  );
  const basis = [statute];
  for (const p of input.vendorPromises ?? []) {
    if (!p.rights.includes(input.right) || !promiseCoversJurisdiction(p.jurisdiction, input.jurisdiction)) {
      notes.push({
        code: 'promise_not_applied',
        params: {
          vendor: p.vendor,
          days: p.days,
          unit: p.unit,
          rights: [...p.rights],
          jurisdiction: p.jurisdiction ?? null,
        },
      });
      continue;
    }
    const duration: Duration = { amount: p.days, unit: UNIT_OF[p.unit] };
    const b = entry('vendor', 'vendor_promise', duration, 'confirmed', { ...p.citation }, p.vendor);
    notes.push({
      code: 'promise',
      params: { vendor: p.vendor, ...periodOf(duration), right: input.right, due: b.due, quote: p.citation.quote },
    });
    basis.push(b);
  }
  const extendedDue = rule.extension
    ? entry('statute', 'extension', rule.extension.totalFromReceipt, rule.extension.confidence, rule.extension.citation)
        .due
    : null;
  const ackDue = rule.ack ? rollForward(cal, nominalFor(cal, input.received, rule.ack, shift)) : null;
  let due = statute.due;
  let effective: Evaluated['effective'] = 'statute';
  for (const b of basis) if (b.source === 'vendor' && b.due < due) [due, effective] = [b.due, 'vendor'];
  if (input.extension && extendedDue) {
    const newDate = input.extension.newDate ?? extendedDue;
    for (const b of basis) if (b.source === 'vendor') b.superseded = true;
    basis.push({
      source: 'statute',
      kind: 'extension',
      unit: 'fixed_date',
      nominal: newDate,
      due: newDate,
      confidence: rule.extension?.confidence ?? 'confirmed',
      citation: rule.extension?.citation ?? rule.citation,
    });
    [due, effective] = [newDate, 'statute'];
  }
  return { due, statutoryDue: statute.due, extendedDue, ackDue, basis, effective, notes };
}

export function computeDeadline(raw: DeadlineInput): Deadline {
  const { input, rule, timezone, instant } = normalizeInput(raw);
  const pauses = input.pauses ?? [];
  const shift = pausedDays(pauses);
  const cal = calendarFor(input.jurisdiction);
  const r = evaluate(cal, input, rule, shift);
  if (input.extension) {
    const problem = extensionProblem(rule, input.received, r.statutoryDue, r.extendedDue, input.extension);
    if (problem) throw new DeadlineInputError('extension', problem.reason);
  }
  const latest =
    [r.due, r.extendedDue, r.ackDue, ...r.basis.map((b) => b.due)]
      .filter((d): d is IsoDate => !!d)
      .sort()
      .at(-1) ?? r.due;
  const seen = new Set<string>();
  const items: ExplanationItem[] = [
    {
      code: 'rule',
      params: {
        regime: rule.regimeName,
        right: input.right,
        rule: rule.id,
        version: RULES_VERSION,
        confidence: rule.confidence,
        citation: rule.citation,
      },
    },
    instant
      ? { code: 'received_at', params: { instant, received: input.received, timezone } }
      : { code: 'received', params: { received: input.received } },
    rule.response.unit === 'months'
      ? { code: 'count_months', params: {} }
      : rule.response.unit === 'business_days'
        ? { code: 'count_business_days', params: {} }
        : { code: 'count_calendar_days', params: { amount: rule.response.amount } },
    {
      code: rule.kind === 'follow_up' ? 'follow_up_point' : 'statutory',
      params: { ...periodOf(rule.response), due: r.statutoryDue },
    },
    { code: 'non_working', params: { calendar_rule: cal.rule } },
    // the same note once (a holiday can move two periods to the same day)
    ...r.notes.filter((n) => !seen.has(explanationLine(n)) && !!seen.add(explanationLine(n))),
    rule.extension
      ? {
          code: 'extension_available',
          params: {
            ...periodOf(rule.extension.totalFromReceipt),
            extended_due: r.extendedDue!,
            notice_by: r.statutoryDue,
          },
        }
      : { code: 'no_extension', params: {} },
    ...(r.ackDue ? [{ code: 'ack', params: { ...periodOf(rule.ack as Duration), due: r.ackDue } } as const] : []),
    ...(shift ? [{ code: 'paused', params: { days: shift, pauses: pauses.map((p) => ({ ...p })) } } as const] : []),
    ...(input.pausedSince ? [{ code: 'paused_since', params: { since: input.pausedSince } } as const] : []),
    ...(input.extension
      ? [{ code: 'extension_accepted', params: { notice_date: input.extension.noticeDate, due: r.due } } as const]
      : []),
    { code: 'effective', params: { due: r.due, source: r.effective, count: r.basis.length } },
    ...(rule.confidence === 'medium' ? [{ code: 'medium_confidence', params: {} } as const] : []),
    ...(rule.notes ? [{ code: 'rule_note', params: { text: rule.notes } } as const] : []),
  ];
  const explanation = items.map(explanationLine);
  return {
    rules_version: RULES_VERSION,
    rule_id: rule.id,
    regime: rule.regime,
    regime_name: rule.regimeName,
    confidence: rule.confidence,
    jurisdiction: input.jurisdiction,
    right: input.right as RightCode,
    received: input.received,
    received_instant: instant,
    due: r.due,
    due_kind: rule.kind,
    statutory_due: r.statutoryDue,
    extended_due: r.extendedDue,
    extension_notice_by: rule.extension ? r.statutoryDue : null,
    ack_due: r.ackDue,
    effective: r.effective,
    basis: r.basis,
    calendar: {
      name: cal.name,
      rule: cal.rule,
      timezone,
      holidays_applied: cal.holidaysBetween(input.received, latest),
    },
    pauses,
    paused_days: shift,
    paused_since: input.pausedSince ?? null,
    extension: input.extension ?? null,
    explanation,
    explanation_items: items,
    inputs: input,
  };
}

export type RefusalCode =
  | 'no_extension'
  | 'already_extended'
  | 'notice_before_receipt'
  | 'notice_too_late'
  | 'new_date_not_later'
  | 'new_date_beyond_maximum';

/** Why an extension notice cannot be accepted, or null. Shared by compute (throws) and applyExtension (refuses). */
export function extensionProblem(
  rule: RuleRow,
  received: IsoDate,
  statutoryDue: IsoDate,
  extendedDue: IsoDate | null,
  n: ExtensionNotice,
): { code: RefusalCode; reason: string } | null {
  if (!rule.extension || !extendedDue)
    return { code: 'no_extension', reason: `${rule.regimeName} allows no extension for this right` };
  if (n.noticeDate < received)
    return { code: 'notice_before_receipt', reason: `notice ${n.noticeDate} is dated before receipt ${received}` };
  if (n.noticeDate > statutoryDue)
    return {
      code: 'notice_too_late',
      reason: `notice ${n.noticeDate} is dated after the original due date ${statutoryDue}`,
    };
  if (n.newDate !== undefined && n.newDate <= statutoryDue)
    return {
      code: 'new_date_not_later',
      reason: `new date ${n.newDate} is not after the original due date ${statutoryDue}`,
    };
  if (n.newDate !== undefined && n.newDate > extendedDue)
    return {
      code: 'new_date_beyond_maximum',
      reason: `new date ${n.newDate} is beyond the maximum ${extendedDue} (${describe(rule.extension.totalFromReceipt)} from receipt)`,
    };
  return null;
}
