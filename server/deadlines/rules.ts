/**
 * Statutory response times as DATA, one row per regime × right-group.
 * Source: shared/reference/statutes.md. Bump RULES_VERSION whenever a row changes, so a stored deadline can say
 * which table produced it. Rows marked "medium" were not confirmed from the primary text and must be shown as such.
 */
export const RULES_VERSION = '2025.2.1';

import {
  EU_EEA,
  RIGHT_CODES,
  resolveRightName,
  type RegimeCode,
  type ResolvedRight,
  type RightCode,
} from '../shared/legal-vocabulary';

export { RIGHT_CODES };
export type { RegimeCode, RightCode };

export type Confidence = 'confirmed' | 'medium';
type DurationUnit = 'calendar_days' | 'business_days' | 'months';
export interface Duration {
  readonly amount: number;
  readonly unit: DurationUnit;
}

export interface RuleRow {
  readonly id: string;
  readonly regime: RegimeCode;
  readonly regimeName: string;
  readonly jurisdictions: readonly string[];
  readonly rights: readonly RightCode[];
  /** 'follow_up' = the law sets no number; the date is only a point at which to chase (APPI). */
  readonly kind: 'deadline' | 'follow_up';
  readonly response: Duration;
  /** Extension as the TOTAL counted from receipt (never chained onto the first deadline). */
  readonly extension: {
    readonly totalFromReceipt: Duration;
    readonly noticeWithinInitial: boolean;
    readonly confidence: Confidence;
    readonly citation: string;
  } | null;
  readonly ack: Duration | null;
  /** Whether waiting for ID/clarification stops the time (days added back on resume). */
  readonly pause: 'allowed' | 'medium' | 'none';
  readonly confidence: Confidence;
  readonly citation: string;
  readonly notes?: string;
}

export { EU_EEA };
const US_OTHER_STATES: readonly string[] = ['MT', 'DE', 'NE', 'NH', 'NJ', 'TN', 'MN', 'MD', 'IN', 'KY', 'RI'].map(
  (s) => `US-${s}`,
);
const PIPEDA_PROVINCES: readonly string[] = [
  'AB',
  'BC',
  'MB',
  'NB',
  'NL',
  'NS',
  'ON',
  'PE',
  'SK',
  'NT',
  'NU',
  'YT',
].map((p) => `CA-${p}`);

const days = (amount: number): Duration => ({ amount, unit: 'calendar_days' });
const bdays = (amount: number): Duration => ({ amount, unit: 'business_days' });
const months = (amount: number): Duration => ({ amount, unit: 'months' });
const ext = (
  total: Duration,
  noticeWithinInitial: boolean,
  citation: string,
  confidence: Confidence = 'confirmed',
) => ({
  totalFromReceipt: total,
  noticeWithinInitial,
  confidence,
  citation,
});

const US_VA_MODEL_RIGHTS: readonly RightCode[] = [
  'access',
  'correction',
  'deletion',
  'portability',
  'opt_out_sale',
  'opt_out_targeted_ads',
];
const GDPR_RIGHTS: readonly RightCode[] = [
  'access',
  'correction',
  'deletion',
  'restriction',
  'portability',
  'objection',
];

/** A 45 + 45 calendar-day state law (Virginia model) with an optional appeal row. */
function usState(
  regime: RegimeCode,
  regimeName: string,
  jurisdiction: string,
  rights: readonly RightCode[],
  citation: string,
  opts: {
    pause?: 'allowed' | 'none';
    appeal?: { response: Duration; confidence: Confidence; citation: string; extension?: Duration };
  } = {},
): RuleRow[] {
  const base: RuleRow = {
    id: `${jurisdiction}:requests`,
    regime,
    regimeName,
    jurisdictions: [jurisdiction],
    rights,
    kind: 'deadline',
    response: days(45),
    extension: ext(days(90), true, `${citation} (one extension of 45 days, notice within the first 45)`),
    ack: null,
    pause: opts.pause ?? 'none',
    confidence: 'confirmed',
    citation,
  };
  if (!opts.appeal) return [base];
  const { appeal } = opts;
  return [
    base,
    {
      ...base,
      id: `${jurisdiction}:appeal`,
      rights: ['appeal'],
      response: appeal.response,
      extension: appeal.extension ? ext(appeal.extension, true, appeal.citation, appeal.confidence) : null,
      pause: 'none',
      confidence: appeal.confidence,
      citation: appeal.citation,
      notes: 'Counted from receipt of the appeal.',
    },
  ];
}

export const RULES: readonly RuleRow[] = [
  {
    id: 'US-CA:know-delete-correct',
    regime: 'CCPA',
    regimeName: 'California Consumer Privacy Act (CCPA/CPRA)',
    jurisdictions: ['US-CA'],
    // Portability is part of the right to know (portable format), so it shares the know deadline.
    rights: ['access', 'know', 'deletion', 'correction', 'portability'],
    kind: 'deadline',
    response: days(45),
    extension: ext(
      days(90),
      true,
      'Civ. Code 1798.130(a)(2); 11 CCR 7021(b) (once, +45, notice and reason within the first 45)',
    ),
    ack: bdays(10),
    pause: 'none',
    confidence: 'confirmed',
    citation: 'Civ. Code 1798.130(a)(2); 11 CCR 7021(a)-(b)',
    notes: 'The time runs from receipt regardless of the time needed to verify; ack not needed if already answered.',
  },
  {
    id: 'US-CA:opt-out',
    regime: 'CCPA',
    regimeName: 'California Consumer Privacy Act (CCPA/CPRA)',
    jurisdictions: ['US-CA'],
    rights: ['opt_out_sale', 'opt_out_sharing', 'limit_sensitive'],
    kind: 'deadline',
    response: bdays(15),
    extension: null,
    ack: null,
    pause: 'none',
    confidence: 'confirmed',
    citation: '11 CCR 7026(f), 7027',
    notes: 'No verification may be required for opt-out.',
  },
  {
    id: 'US-CA:shine-the-light',
    regime: 'CA_SHINE_THE_LIGHT',
    regimeName: 'California Shine the Light',
    jurisdictions: ['US-CA'],
    rights: ['shine_the_light'],
    kind: 'deadline',
    response: days(30),
    extension: null,
    ack: null,
    pause: 'none',
    confidence: 'confirmed',
    citation: 'Civ. Code 1798.83',
    notes:
      'The business has 30 days when the request is sent to the address it designates for these requests, and 150 days when it is sent elsewhere; this date assumes the designated address.',
  },
  {
    id: 'US-NV:opt-out',
    regime: 'NV_603A',
    regimeName: 'Nevada NRS 603A (sale opt-out)',
    jurisdictions: ['US-NV'],
    rights: ['nevada_opt_out', 'opt_out_sale'],
    kind: 'deadline',
    response: days(60),
    extension: ext(days(90), false, 'NRS 603A.345 (up to +30 days, with notice)'),
    ack: null,
    pause: 'none',
    confidence: 'confirmed',
    citation: 'NRS 603A.345',
    notes:
      'Nevada counts the 60 days from the receipt of a verified request: if the company first asks you to verify your identity, its deadline runs from when it can verify you.',
  },
  ...[
    {
      regime: 'GDPR' as const,
      name: 'EU GDPR',
      js: EU_EEA,
      pause: 'medium' as const,
      cite: 'GDPR Art. 12(3)-(6), 15-22',
    },
    {
      regime: 'UK_GDPR' as const,
      name: 'UK GDPR',
      js: ['GB'],
      pause: 'allowed' as const,
      cite: 'UK GDPR Art. 12(3); ICO guidance on the right of access',
    },
  ].map((g): RuleRow => ({
    id: `${g.regime}:rights`,
    regime: g.regime,
    regimeName: g.name,
    jurisdictions: g.js,
    rights: GDPR_RIGHTS,
    kind: 'deadline',
    response: months(1),
    extension: ext(
      months(3),
      true,
      `${g.cite} (+2 months, 3 in total from receipt, notice with reasons within month 1)`,
    ),
    ack: null,
    pause: g.pause,
    confidence: 'confirmed',
    citation: g.cite,
    notes:
      g.pause === 'medium'
        ? 'Pausing for identity doubts (Art. 12(6)) is a medium-confidence reading.'
        : 'ID, fee or clarification stops the time until received.',
  })),
  ...usState('VA_CDPA', 'Virginia CDPA', 'US-VA', US_VA_MODEL_RIGHTS, 'Va. Code 59.1-577', {
    appeal: {
      response: days(60),
      confidence: 'confirmed',
      citation: 'Va. Code 59.1-577(C) (appeal answered within 60 days)',
    },
  }),
  ...usState('CO_CPA', 'Colorado Privacy Act', 'US-CO', US_VA_MODEL_RIGHTS, 'C.R.S. 6-1-1306', {
    appeal: {
      response: days(45),
      extension: days(105),
      confidence: 'medium',
      citation: 'C.R.S. 6-1-1306(3) (appeal 45, +60) (medium)',
    },
  }),
  ...usState('CT_DPA', 'Connecticut Data Privacy Act', 'US-CT', US_VA_MODEL_RIGHTS, 'Conn. Gen. Stat. 42-518', {
    appeal: {
      response: days(60),
      confidence: 'confirmed',
      citation: 'Conn. Gen. Stat. 42-518 (appeal answered within 60 days)',
    },
  }),
  ...usState(
    'UT_UCPA',
    'Utah Consumer Privacy Act',
    'US-UT',
    ['access', 'deletion', 'portability', 'opt_out_sale', 'opt_out_targeted_ads'],
    'Utah Code 13-61-203',
  ),
  ...usState(
    'TX_DPSA',
    'Texas Data Privacy and Security Act',
    'US-TX',
    US_VA_MODEL_RIGHTS,
    'Tex. Bus. & Com. Code 541.052-.055',
    {
      appeal: {
        response: days(60),
        confidence: 'medium',
        citation: 'Tex. Bus. & Com. Code 541.053 (appeal 60 days) (medium)',
      },
    },
  ),
  ...usState('OR_OCPA', 'Oregon Consumer Privacy Act', 'US-OR', US_VA_MODEL_RIGHTS, 'ORS 646A.576', {
    pause: 'allowed',
    appeal: { response: days(45), confidence: 'confirmed', citation: 'ORS 646A.576 (appeal 45 days)' },
  }),
  ...usState(
    'IA_ICDPA',
    'Iowa Consumer Data Protection Act',
    'US-IA',
    ['access', 'deletion', 'portability', 'opt_out_sale'],
    'Iowa Code 715D.3',
    {
      appeal: { response: days(60), confidence: 'medium', citation: 'Iowa Code 715D.3 (appeal 60 days) (medium)' },
    },
  ).map((row) =>
    row.rights.includes('appeal')
      ? row
      : {
          ...row,
          response: days(90),
          extension: ext(days(135), true, 'Iowa Code 715D.3 (+45 days, notice within the 90)'),
        },
  ),
  {
    id: 'US-OTHER:requests',
    regime: 'US_STATE_OTHER',
    regimeName: 'US state comprehensive privacy law',
    jurisdictions: US_OTHER_STATES,
    rights: US_VA_MODEL_RIGHTS,
    kind: 'deadline',
    response: days(45),
    // Not confirmed; modelled as +45 so a vendor's extension notice is not refused outright (see confidence).
    extension: ext(days(90), true, 'state trackers: extension not confirmed from primary text (medium)', 'medium'),
    ack: null,
    pause: 'none',
    confidence: 'medium',
    citation: 'state privacy-law trackers (medium; check the state statute)',
  },
  {
    id: 'PIPEDA:access',
    regime: 'PIPEDA',
    regimeName: 'PIPEDA (Canada)',
    jurisdictions: PIPEDA_PROVINCES,
    rights: ['access'],
    kind: 'deadline',
    response: days(30),
    extension: ext(
      days(60),
      true,
      'PIPEDA s.8(4)-(5) (up to +30, notice within the 30 with new date, reasons, right to complain)',
    ),
    ack: null,
    pause: 'none',
    confidence: 'confirmed',
    citation: 'PIPEDA s.8(3)-(5); no answer within the time limit = deemed refusal',
  },
  {
    id: 'PIPEDA:correction',
    regime: 'PIPEDA',
    regimeName: 'PIPEDA (Canada)',
    jurisdictions: PIPEDA_PROVINCES,
    rights: ['correction'],
    kind: 'deadline',
    response: days(30),
    extension: ext(days(60), true, 'PIPEDA s.8(4)-(5) by analogy (medium)', 'medium'),
    ack: null,
    pause: 'none',
    confidence: 'medium',
    citation: 'PIPEDA Sch. 1 Principle 4.9.5 (no own time limit; the access deadline is applied) (medium)',
  },
  {
    id: 'CA-QC:access-rectification',
    regime: 'QC_LAW25',
    regimeName: 'Quebec Law 25 (private sector act)',
    jurisdictions: ['CA-QC'],
    rights: ['access', 'correction'],
    kind: 'deadline',
    response: days(30),
    extension: null,
    ack: null,
    pause: 'none',
    confidence: 'medium',
    citation: 'CQLR c. P-39.1 s.32 (medium)',
  },
  {
    id: 'BR:access',
    regime: 'LGPD',
    regimeName: 'Brazil LGPD',
    jurisdictions: ['BR'],
    rights: ['access'],
    kind: 'deadline',
    response: days(15),
    extension: null,
    ack: null,
    pause: 'none',
    confidence: 'confirmed',
    citation: 'LGPD Art. 19 II (full statement within 15 days of the request)',
  },
  {
    id: 'JP:requests',
    regime: 'APPI',
    regimeName: 'Japan APPI',
    jurisdictions: ['JP'],
    rights: ['access', 'correction', 'deletion'],
    kind: 'follow_up',
    response: days(14),
    extension: null,
    ack: null,
    pause: 'none',
    confidence: 'confirmed',
    citation: 'APPI Arts. 33-35 ("without delay"); Art. 39 (court claim possible 2 weeks after the request arrives)',
    notes:
      'The law sets no fixed number of days ("without delay"): the 14-day date is when we follow up, not a legal deadline.',
  },
];

export const SUPPORTED_JURISDICTIONS: readonly string[] = [...new Set(RULES.flatMap((r) => r.jurisdictions))].sort();

export function isSupportedJurisdiction(jurisdiction: string): boolean {
  return SUPPORTED_JURISDICTIONS.includes(jurisdiction);
}

/** Rights that exist in the jurisdiction, in vocabulary order; [] for an unknown jurisdiction. */
export function rightsAvailable(jurisdiction: string): RightCode[] {
  const rows = RULES.filter((r) => r.jurisdictions.includes(jurisdiction));
  return RIGHT_CODES.filter((code) => rows.some((r) => r.rights.includes(code)));
}

/** The row that governs a right in a jurisdiction, or undefined. */
export function ruleFor(jurisdiction: string, right: string): RuleRow | undefined {
  return RULES.find((r) => r.jurisdictions.includes(jurisdiction) && (r.rights as readonly string[]).includes(right));
}

/** The principal regime of a jurisdiction (US-CA → CCPA, not Shine the Light), or undefined. */
export function regimeFor(jurisdiction: string): RegimeCode | undefined {
  return RULES.find((r) => r.jurisdictions.includes(jurisdiction))?.regime;
}

function lawName(jurisdiction: string): string {
  const names = [...new Set(RULES.filter((r) => r.jurisdictions.includes(jurisdiction)).map((r) => r.regimeName))];
  return names.join(' / ') || 'no supported law';
}

/**
 * The concrete right a name ("opt_out", "access", ...) means in a jurisdiction, or why it does not exist there. The one
 * mapping used by intake, preview, agent filing, bulk CSV, the compute API and the CLI (through computeDeadline).
 */
export function resolveRight(jurisdiction: string, requested: string): ResolvedRight {
  return resolveRightName(jurisdiction, lawName(jurisdiction), rightsAvailable(jurisdiction), requested);
}
