import type { PolicyExtraction } from '../server/vendors/extract/types';

/** Hand-written labels for one policy (seeds: test/fixtures/registry, others: bench/policies). */
export interface PolicyLabels {
  source: string;
  company: string[];
  effective_date: string | null;
  emails: string[];
  phones: string[];
  /** a distinctive substring of each address */
  postal: string[];
  webforms: string[];
  deadlines: { days: number; unit: string; jurisdiction?: string; rights?: string[] }[];
  rights: string[];
  gaps: { missing: string; jurisdictions: string[] }[];
  /** numbers in the text that must never come out as deadlines */
  decoy_numbers: number[];
}

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

export const FIELDS = [
  'emails',
  'phones',
  'postal',
  'webforms',
  'deadlines',
  'rights',
  'gaps',
  'company',
  'effective_date',
] as const;
export type Field = (typeof FIELDS)[number];

const norm = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9@]+/g, ' ')
    .trim();

function setCounts(predicted: string[], expected: string[], match: (p: string, e: string) => boolean): Counts {
  const used = new Set<number>();
  let tp = 0;
  for (const p of predicted) {
    const i = expected.findIndex((e, k) => !used.has(k) && match(p, e));
    if (i >= 0) {
      used.add(i);
      tp++;
    }
  }
  return { tp, fp: predicted.length - tp, fn: expected.length - tp };
}

export function score(x: PolicyExtraction, labels: PolicyLabels): Record<Field, Counts> & { decoy_hits: number } {
  const values = (type: string) => x.channels.filter((c) => c.type === type).map((c) => c.value);
  const digits = (s: string) => s.replace(/\D/g, '');
  const company = setCounts(
    x.company ? [x.company] : [],
    labels.company.length ? [labels.company.join('|')] : [],
    (p, e) => e.split('|').some((alt) => norm(p).includes(norm(alt)) || norm(alt).includes(norm(p))),
  );
  const date = setCounts(
    x.effective_date ? [x.effective_date] : [],
    labels.effective_date ? [labels.effective_date] : [],
    (p, e) => p === e,
  );
  return {
    emails: setCounts(values('email'), labels.emails, (p, e) => p.toLowerCase() === e.toLowerCase()),
    phones: setCounts(values('phone'), labels.phones, (p, e) => digits(p) === digits(e)),
    postal: setCounts(values('postal'), labels.postal, (p, e) => norm(p).includes(norm(e))),
    webforms: setCounts(values('webform'), labels.webforms, (p, e) => p.replace(/\/$/, '') === e.replace(/\/$/, '')),
    deadlines: setCounts(
      x.deadlines.map((d) => `${d.days}:${d.unit}`),
      labels.deadlines.map((d) => `${d.days}:${d.unit}`),
      (p, e) => p === e,
    ),
    rights: setCounts([...new Set(x.rights.map((r) => r.right))], labels.rights, (p, e) => p === e),
    gaps: setCounts(
      x.gaps.map((g) => g.missing),
      labels.gaps.map((g) => g.missing),
      (p, e) => p === e,
    ),
    company,
    effective_date: date,
    decoy_hits: x.deadlines.filter((d) => labels.decoy_numbers.includes(d.days)).length,
  };
}

export function ratio(n: number, d: number): number | null {
  return d === 0 ? null : n / d;
}
