import type { ChannelFact } from '../extract/types';
import { RecordText, type DataQuality, type DatasetFact, type DatasetInfo, type DatasetRecord } from './record';

/** A company record as in companies.jsonl (schema.json); fields the importer does not use stay in the text. */
interface DatenanfragenCompany {
  slug: string;
  name: string;
  'relevant-countries'?: string[];
  categories?: string[];
  runs?: string[];
  address?: string;
  phone?: string;
  fax?: string;
  email?: string;
  webform?: string;
  web?: string;
  sources?: string[];
  'required-elements'?: { desc: string; type: string; optional?: boolean }[];
  'needs-id-document'?: boolean;
  'suggested-transport-medium'?: string;
  'request-language'?: string;
  comments?: string[];
  quality?: string;
  [other: string]: unknown;
}

interface ObsoleteRecord {
  slug: string;
  name: string;
  reason: string;
  'redirect-to'?: string;
  sources?: string[];
}

export interface SkippedRecord {
  dataset: string;
  record: string;
  reason: string;
}

const QUALITIES = new Set(['tested', 'verified', 'imported', 'scraped']);
const SLUG = /^[a-z0-9][a-z0-9-]{0,79}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Parses JSON Lines; a line that is not JSON is reported, never fatal. */
function parseJsonLines<T>(content: string, dataset: string, skipped: SkippedRecord[]): T[] {
  const out: T[] = [];
  content.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    try {
      out.push(JSON.parse(line) as T);
    } catch {
      skipped.push({ dataset, record: `line ${i + 1}`, reason: 'not valid JSON' });
    }
  });
  return out;
}

const upperCountries = (cs: readonly string[] | undefined) =>
  (cs ?? []).map((c) => (c === 'all' ? 'all' : c.toUpperCase()));

/** One company record as a DatasetRecord: its canonical text and its cited facts. Null (with a reason) when unusable. */
function datenanfragenRecord(
  c: DatenanfragenCompany,
  info: DatasetInfo,
  skipped: SkippedRecord[],
): DatasetRecord | null {
  if (typeof c.slug !== 'string' || !SLUG.test(c.slug)) {
    skipped.push({ dataset: info.id, record: String(c.slug), reason: 'missing or malformed slug' });
    return null;
  }
  if (typeof c.name !== 'string' || !c.name.trim()) {
    skipped.push({ dataset: info.id, record: c.slug, reason: 'no name' });
    return null;
  }
  const countries = upperCountries(c['relevant-countries']);
  const scope = countries.includes('all') ? [] : countries;
  const quality = c.quality && QUALITIES.has(c.quality) ? (c.quality as DataQuality) : null;
  const sources = (c.sources ?? []).filter((s) => typeof s === 'string');
  const t = new RecordText();
  const facts: DatasetFact[] = [];
  t.line(`${info.name}, record "${c.slug}" (version ${info.version}${info.date ? `, ${info.date}` : ''})`);
  facts.push({ family: 'company', fact: { name: c.name.trim(), citation: t.field('Name', c.name.trim()) } });
  const brands = (c.runs ?? []).filter((r) => typeof r === 'string' && r.trim());
  if (brands.length) {
    t.list('Runs (brands and services it is responsible for)', brands).forEach((citation, i) => {
      const brand = brands[i]!.trim();
      const former = /\s*\((?:formerly|previously|ehemals)\)\s*$/i.exec(brand);
      if (former) facts.push({ family: 'former_name', fact: { name: brand.slice(0, former.index).trim(), citation } });
      else facts.push({ family: 'product', fact: { name: brand, citation } });
    });
  }
  const channel = (type: ChannelFact['type'], value: string, citation: ChannelFact['citation']): DatasetFact => ({
    family: 'channel',
    fact: { type, value, purpose: 'privacy_requests', jurisdictions: scope, label: null, citation },
  });
  if (c.email) {
    const citation = t.field('Email for privacy requests', c.email.trim());
    if (EMAIL.test(c.email.trim())) facts.push(channel('email', c.email.trim(), citation));
  }
  if (c.address?.trim()) {
    const lines = c.address
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    facts.push(channel('postal', lines.join('\n'), t.field('Postal address', lines.join('\n'))));
  }
  if (c.phone) facts.push(channel('phone', c.phone.trim(), t.field('Phone', c.phone.trim())));
  if (c.fax) t.field('Fax', c.fax.trim());
  if (c.webform && /^https?:\/\//i.test(c.webform))
    facts.push(channel('webform', c.webform.trim(), t.field('Web form for privacy requests', c.webform.trim())));
  if (c.web && /^https?:\/\//i.test(c.web))
    facts.push({ family: 'website', fact: { url: c.web.trim(), citation: t.field('Website', c.web.trim()) } });
  t.field('Relevant countries', countries.join(', ') || 'not stated');
  if (c.categories?.length) t.field('Categories', c.categories.join(', '));
  if (c['request-language']) t.field('Request language', c['request-language']);
  const medium = c['suggested-transport-medium'];
  if (medium) {
    const citation = t.field('Suggested transport medium', medium);
    // the record advises against the email it may also list: tell the consumer before they file
    const how = { webform: 'through its web form', letter: 'by letter', fax: 'by fax' }[
      medium as 'webform' | 'letter' | 'fax'
    ];
    if (how && c.email) {
      facts.push({
        family: 'warning',
        fact: {
          kind: 'routing',
          message: `${info.name} suggests contacting this company ${how} rather than by email.`,
          citation,
        },
      });
    }
  }
  if (c['needs-id-document'] !== undefined) {
    const citation = t.field('Needs an ID document for every request', c['needs-id-document'] ? 'yes' : 'no');
    if (c['needs-id-document']) {
      facts.push({
        family: 'requirement',
        fact: {
          kind: 'verification',
          value: 'An ID document is required for every request.',
          fields: [],
          rights: [],
          jurisdictions: scope,
          citation,
        },
      });
    }
  }
  const elements = (c['required-elements'] ?? []).filter((e) => e && typeof e.desc === 'string');
  if (elements.length) {
    const cites = t.list(
      'Required identification elements',
      elements.map((e) => `${e.desc}${e.optional ? ' (optional)' : ''}`),
    );
    const required = elements.filter((e) => !e.optional);
    if (required.length) {
      const first = cites[elements.indexOf(required[0]!)]!;
      const last = cites[elements.indexOf(required[required.length - 1]!)]!;
      facts.push({
        family: 'warning',
        fact: {
          kind: 'other',
          message: `The company asks requesters to give: ${required.map((e) => e.desc).join('; ')}.`,
          citation: { start: first.start, end: last.end, quote: t.toString().slice(first.start, last.end) },
        },
      });
    }
  }
  const comments = (c.comments ?? []).filter((x) => typeof x === 'string' && x.trim());
  if (comments.length) {
    t.list('Comments', comments).forEach((citation, i) => {
      facts.push({ family: 'warning', fact: { kind: 'other', message: comments[i]!.trim(), citation } });
    });
  }
  t.field('Quality', c.quality ?? 'not stated');
  if (sources.length) t.list('Sources', sources);
  return {
    dataset: info,
    recordKey: c.slug,
    recordLabel: `record "${c.slug}"`,
    name: c.name.trim(),
    preferredSlug: c.slug,
    quality,
    sourceUrls: sources,
    text: t.toString(),
    facts,
    countries,
    requestLanguage:
      typeof c['request-language'] === 'string' && /^[a-z]{2}$/.test(c['request-language'])
        ? c['request-language']
        : null,
    registeredDataBroker: false,
    metrics: null,
  };
}

/**
 * An obsolete record that was merged into another: a record of its own (the text says what became of it) attached to
 * the vendor of the record it redirects to, giving that vendor its former name. Removed records without a
 * replacement are skipped with their reason.
 */
function obsoleteRecord(
  o: ObsoleteRecord,
  info: DatasetInfo,
  known: ReadonlySet<string>,
  skipped: SkippedRecord[],
): DatasetRecord | null {
  if (typeof o.slug !== 'string' || !SLUG.test(o.slug)) {
    skipped.push({ dataset: info.id, record: String(o.slug), reason: 'obsolete record with a malformed slug' });
    return null;
  }
  const target = o['redirect-to'];
  if (!target) {
    skipped.push({ dataset: info.id, record: o.slug, reason: `obsolete (${o.reason}), no replacement record` });
    return null;
  }
  if (!known.has(target)) {
    skipped.push({
      dataset: info.id,
      record: o.slug,
      reason: `obsolete (${o.reason}), its replacement "${target}" is not in the dataset`,
    });
    return null;
  }
  const t = new RecordText();
  t.line(`${info.name}, obsolete record "${o.slug}" (version ${info.version}${info.date ? `, ${info.date}` : ''})`);
  const citation = t.field('Former name', o.name.trim());
  t.field('Reason', o.reason);
  t.field('Replaced by record', target);
  const sources = (o.sources ?? []).filter((s) => typeof s === 'string');
  if (sources.length) t.list('Sources', sources);
  return {
    dataset: info,
    recordKey: o.slug,
    recordLabel: `obsolete record "${o.slug}"`,
    name: o.name.trim(),
    preferredSlug: target,
    quality: null,
    sourceUrls: sources,
    text: t.toString(),
    facts: [{ family: 'former_name', fact: { name: o.name.trim(), citation } }],
    countries: [],
    requestLanguage: null,
    registeredDataBroker: false,
    metrics: null,
    attachTo: target,
  };
}

/** Every record of the Datenanfragen company database: companies, then merged (obsolete) records. */
export function datenanfragenRecords(
  files: { companies: string; obsolete?: string },
  info: DatasetInfo,
  skipped: SkippedRecord[],
): DatasetRecord[] {
  const seen = new Set<string>();
  const records: DatasetRecord[] = [];
  for (const c of parseJsonLines<DatenanfragenCompany>(files.companies, info.id, skipped)) {
    const r = datenanfragenRecord(c, info, skipped);
    if (!r) continue;
    if (seen.has(r.recordKey)) {
      skipped.push({
        dataset: info.id,
        record: r.recordKey,
        reason: 'duplicate slug in the dataset (the first is kept)',
      });
      continue;
    }
    seen.add(r.recordKey);
    records.push(r);
  }
  for (const o of files.obsolete ? parseJsonLines<ObsoleteRecord>(files.obsolete, info.id, skipped) : []) {
    if (seen.has(o.slug)) {
      skipped.push({ dataset: info.id, record: o.slug, reason: 'obsolete record whose slug is also a live record' });
      continue;
    }
    const r = obsoleteRecord(o, info, seen, skipped);
    if (r) records.push(r);
  }
  return records;
}
