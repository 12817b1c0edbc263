import { createHash } from 'node:crypto';
import type {
  ChannelFact,
  Citation,
  DeadlineFact,
  GapFact,
  PolicyExtraction,
  RequirementFact,
  RightFact,
  WarningFact,
} from './types';

export type TaggedFact =
  | { family: 'company'; fact: { name: string; citation: Citation } }
  | { family: 'effective_date'; fact: { date: string; citation: Citation } }
  | { family: 'product'; fact: { name: string; citation: Citation } }
  | { family: 'channel'; fact: ChannelFact }
  | { family: 'deadline'; fact: DeadlineFact }
  | { family: 'right'; fact: RightFact }
  | { family: 'requirement'; fact: RequirementFact }
  | { family: 'warning'; fact: WarningFact }
  | { family: 'gap'; fact: GapFact };

export type FactFamily = TaggedFact['family'];

/** Every fact of an extraction, tagged with its family, in a stable order. */
export function listFacts(x: PolicyExtraction): TaggedFact[] {
  const out: TaggedFact[] = [];
  if (x.company && x.company_citation)
    out.push({ family: 'company', fact: { name: x.company, citation: x.company_citation } });
  if (x.effective_date && x.effective_date_citation) {
    out.push({ family: 'effective_date', fact: { date: x.effective_date, citation: x.effective_date_citation } });
  }
  for (const f of x.products) out.push({ family: 'product', fact: f });
  for (const f of x.channels) out.push({ family: 'channel', fact: f });
  for (const f of x.deadlines) out.push({ family: 'deadline', fact: f });
  for (const f of x.rights) out.push({ family: 'right', fact: f });
  for (const f of x.requirements) out.push({ family: 'requirement', fact: f });
  for (const f of x.warnings) out.push({ family: 'warning', fact: f });
  for (const f of x.gaps) out.push({ family: 'gap', fact: f });
  return out;
}

/** Lower-case, punctuation-insensitive form used inside keys. */
export function normalizeValue(value: string): string {
  return value
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[“”"‘’'`]/g, '')
    .replace(/[^\p{L}\p{N}@.+-]+/gu, ' ')
    .trim();
}

function short(value: string): string {
  const n = normalizeValue(value);
  if (n.length <= 48 && !/\s{2}/.test(n)) return n.replace(/ /g, '_');
  return createHash('sha256').update(n).digest('hex').slice(0, 12);
}

function list(items: string[]): string {
  return items.length === 0 ? 'any' : [...items].sort().join('+');
}

/**
 * A key made of the fact's kind and normalized value — never its offsets — so a decision survives
 * edits elsewhere in the policy and is lost only when the fact itself changes.
 */
export function factKey(t: TaggedFact): string {
  switch (t.family) {
    case 'company':
      return `company:${short(t.fact.name)}`;
    case 'effective_date':
      return `effective_date:${t.fact.date}`;
    case 'product':
      return `product:${short(t.fact.name)}`;
    case 'channel': {
      const v = t.fact.type === 'phone' ? t.fact.value.replace(/\D/g, '') : t.fact.value.replace(/\/$/, '');
      return `channel:${t.fact.type}:${short(v)}`;
    }
    case 'deadline':
      return `deadline:${t.fact.days}:${t.fact.unit}:${list(t.fact.rights)}:${t.fact.jurisdiction ?? 'any'}`;
    case 'right':
      return `right:${t.fact.right}:${list(t.fact.jurisdictions)}`;
    case 'requirement': {
      const value = t.fact.kind === 'required_fields' ? t.fact.fields.join('+') : short(t.fact.value);
      return `requirement:${t.fact.kind}:${value}:${list(t.fact.jurisdictions)}`;
    }
    case 'warning':
      return `warning:${t.fact.kind}:${short(t.fact.message)}`;
    case 'gap':
      return `gap:${t.fact.missing}:${t.fact.purpose}:${list(t.fact.jurisdictions)}`;
  }
}
