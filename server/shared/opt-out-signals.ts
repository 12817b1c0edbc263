/**
 * Global Privacy Control (the GPC specification, https://privacycg.github.io/gpc-spec/: the `Sec-GPC: 1` request header and the
 * `navigator.globalPrivacyControl` property) and the laws that make it a valid request to opt out. Legal data, like the
 * vocabulary beside it: a letter that states the law cites it from here.
 *
 * Only laws whose text requires a business to treat a browser's opt-out preference signal as an opt-out are listed,
 * each with the date it took effect; a jurisdiction not listed gets the plain statement that the browser sends GPC,
 * with no legal claim. `confidence` follows ../shared/reference/statutes.md: "medium" where the subdivision was taken
 * from secondary sources and not confirmed against the primary text.
 */
export interface GpcLaw {
  jurisdiction: string;
  /** the law's own name, without an article (letters in every language keep US laws' names) */
  law: string;
  /** what the letter cites */
  citation: string;
  /** ISO date from which the signal must be honoured */
  since: string;
  confidence: 'high' | 'medium';
}

const LAWS: readonly GpcLaw[] = [
  {
    jurisdiction: 'US-CA',
    law: 'California Consumer Privacy Act',
    citation: 'Cal. Civ. Code § 1798.135(b)(1) and (e); Cal. Code Regs. tit. 11, § 7025',
    since: '2023-03-29',
    confidence: 'high',
  },
  {
    jurisdiction: 'US-CO',
    law: 'Colorado Privacy Act',
    citation: 'C.R.S. § 6-1-1306(1)(a)(IV)(B); 4 CCR 904-3, Part 5 (Universal Opt-Out Mechanism)',
    since: '2024-07-01',
    confidence: 'high',
  },
  {
    jurisdiction: 'US-CT',
    law: 'Connecticut Data Privacy Act',
    citation: 'Conn. Gen. Stat. § 42-520(a)(6)(A)',
    since: '2025-01-01',
    confidence: 'medium',
  },
  {
    jurisdiction: 'US-TX',
    law: 'Texas Data Privacy and Security Act',
    citation: 'Tex. Bus. & Com. Code § 541.055(e)',
    since: '2025-01-01',
    confidence: 'medium',
  },
];

/** The law under which a GPC signal sent on `date` (ISO) is a valid opt-out in `jurisdiction`, or null. */
export function gpcLawFor(jurisdiction: string, date: string): GpcLaw | null {
  return LAWS.find((l) => l.jurisdiction === jurisdiction && l.since <= date) ?? null;
}

/** Where the consumer's browser showed the signal when they filed (stored with the submission). */
export interface GpcEvidence {
  /** the request carried `Sec-GPC: 1` */
  header: boolean;
  /** the web client read `navigator.globalPrivacyControl === true` (null when the client did not say) */
  browser: boolean | null;
  /** when it was recorded (ISO instant) */
  recorded_at: string;
}

/** The `Sec-GPC` header: exactly "1" means the signal is on (GPC specification, "The Sec-GPC header field"); anything else is no signal. */
export function gpcHeaderOn(value: string | undefined): boolean {
  return value?.trim() === '1';
}

/** Evidence worth storing: the header or the browser said so; otherwise null (no signal is recorded). */
export function gpcEvidence(header: boolean, browser: boolean | undefined, at: Date): GpcEvidence | null {
  if (!header && browser !== true) return null;
  return { header, browser: browser ?? null, recorded_at: at.toISOString() };
}
