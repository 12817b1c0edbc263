import { parse } from 'csv-parse/sync';
import { extractPolicy, normalizePolicy } from '../extract';
import { listFacts } from '../extract/fact-key';
import type { Citation } from '../extract/types';
import type { SkippedRecord } from './datenanfragen';
import { normalizeCompanyName } from './matching';
import { datasetFactKey, RecordText, type DatasetFact, type DatasetInfo, type DatasetRecord } from './record';

/**
 * The California data broker registry (Cal. Civ. Code § 1798.99.80 ff.), as CSV. Columns are mapped by header name,
 * so both the 2021 export (8 columns) and the current one (77 columns, with each broker's request metrics) are read;
 * a header the importer does not know is reported and its values are kept in the record's text, never fatal.
 */
type CaField =
  | 'name'
  | 'dba'
  | 'email'
  | 'website'
  | 'phone'
  | 'address'
  | 'street'
  | 'city'
  | 'state'
  | 'zip'
  | 'country'
  | 'opt_out'
  | 'gov_deletion'
  | 'additional'
  | 'date_added';

/** Known headers, normalised (lower case, letters and digits separated by single spaces). */
const HEADERS: Record<string, CaField> = {
  'data broker name': 'name',
  name: 'name',
  'business name': 'name',
  'data broker legal name': 'name',
  'legal name': 'name',
  'doing business as': 'dba',
  'doing business as dba': 'dba',
  dba: 'dba',
  'doing business as dba if applicable': 'dba',
  'other names': 'dba',
  'email address': 'email',
  email: 'email',
  'contact email': 'email',
  'primary contact email address': 'email',
  'data broker primary contact email address': 'email',
  'website url': 'website',
  website: 'website',
  url: 'website',
  'primary website': 'website',
  'data broker primary website': 'website',
  'data broker website': 'website',
  phone: 'phone',
  'phone number': 'phone',
  'primary contact phone number': 'phone',
  'data broker primary contact phone number': 'phone',
  'physical address': 'address',
  address: 'address',
  'mailing address': 'address',
  'data broker physical address': 'address',
  'street address': 'street',
  street: 'street',
  'address line 1': 'street',
  city: 'city',
  state: 'state',
  'state province': 'state',
  'zip code': 'zip',
  zip: 'zip',
  'postal code': 'zip',
  country: 'country',
  'how a consumer may opt out of sale or submit requests under the ccpa': 'opt_out',
  'how a consumer may opt out of sale or submit requests under the california consumer privacy act': 'opt_out',
  'how consumers may exercise their rights under the ccpa': 'opt_out',
  'how a consumer may exercise their ccpa rights': 'opt_out',
  'how a protected individual can demand deletion of information posted online under gov code sections 6208 1 b or 6254 21 c 1':
    'gov_deletion',
  'additional information about data collecting practices': 'additional',
  'additional information': 'additional',
  'date added': 'date_added',
  'registration date': 'date_added',
  'date registered': 'date_added',
};

const METRIC_TYPES: [string, RegExp][] = [
  ['delete', /\b(?:to )?delet(?:e|ion)\b/],
  ['know', /\b(?:to )?know\b|\baccess\b/],
  ['opt_out', /\bopt(?:ed)? out\b/],
  ['limit', /\blimit\b/],
  ['correct', /\bcorrect(?:ion)?\b/],
];
const METRIC_MEASURES: [string, RegExp][] = [
  ['median_days', /\bmedian\b/],
  ['mean_days', /\bmean\b|\baverage\b/],
  ['complied', /\bcomplied\b/],
  ['denied', /\bdenied\b/],
  ['received', /\breceived\b/],
];

const normalizeHeader = (h: string) =>
  h
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

export type HeaderMapping = { field: CaField } | { metric: { type: string; measure: string } } | { unknown: true };

/** What one header means: a known field, a request metric (type × measure), or unknown. */
export function mapHeader(header: string): HeaderMapping {
  const h = normalizeHeader(header);
  const field = HEADERS[h];
  if (field) return { field };
  if (/\bhow\b.*\bconsumers?\b.*\b(?:opt out|exercise|submit)\b/.test(h) && !/\bprotected individual\b/.test(h))
    return { field: 'opt_out' };
  if (/\bgov code\b|\b6208\b|\b6254\b/.test(h)) return { field: 'gov_deletion' };
  if (/\brequests?\b/.test(h) || /\bdays\b/.test(h)) {
    const type = METRIC_TYPES.find(([, re]) => re.test(h))?.[0];
    const measure = METRIC_MEASURES.find(([, re]) => re.test(h))?.[0];
    if (type && measure && (measure.endsWith('_days') ? /\bdays\b/.test(h) : /\bnumber\b|\brequests?\b/.test(h)))
      return { metric: { type, measure } };
  }
  return { unknown: true };
}

/**
 * De-obfuscates the registry's email column: "privacy [at] example.com", "name (at) example (dot) com", "mailto:",
 * several addresses separated by commas, semicolons or " or ". Returns the addresses that are well-formed.
 */
export function deobfuscateEmails(value: string): string[] {
  const cleaned = value
    .replace(/\s*[[({]\s*at\s*[\])}]\s*/gi, '@')
    .replace(/\s*[[({]\s*dot\s*[\])}]\s*/gi, '.')
    .replace(/\s+at\s+(?=[a-z0-9-]+(?:\.|\s+dot\s+)[a-z]{2,})/gi, '@')
    .replace(/\s+dot\s+(?=[a-z]{2,}\b)/gi, '.')
    .replace(/\s*@\s*/g, '@')
    .replace(/mailto:/gi, '');
  const out: string[] = [];
  for (const part of cleaned.split(/[,;\s]+|\bor\b/i)) {
    const m = /^<?([A-Za-z0-9._%+'-]+)@([A-Za-z0-9.-]+\.[A-Za-z]{2,})>?\.?$/.exec(part.trim());
    if (m) {
      const email = `${m[1]}@${m[2]!.toLowerCase()}`;
      if (!out.includes(email)) out.push(email);
    }
  }
  return out;
}

const EMPTY = /^(?:|n\/?a\.?|none\.?|-|not applicable\.?)$/i;
const present = (v: string | undefined): v is string => v !== undefined && !EMPTY.test(v.trim());

/** The registry's CSV as records, with the headers it did not know. A malformed file is a thrown error (the caller reports it). */
export function caRegistryRecords(
  csv: string,
  info: DatasetInfo,
  skipped: SkippedRecord[],
): { records: DatasetRecord[]; unknownColumns: string[]; columns: number } {
  const rows = parse(csv, { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
  const header = rows[0] ?? [];
  const mappings = header.map(mapHeader);
  const unknownColumns = header.filter((_, i) => 'unknown' in mappings[i]!);
  const nameCol = mappings.findIndex((m) => 'field' in m && m.field === 'name');
  if (nameCol < 0) throw new Error(`${info.name}: no column with the broker's name (headers: ${header.join(' | ')})`);
  const records: DatasetRecord[] = [];
  const seen = new Set<string>();
  rows.slice(1).forEach((row, i) => {
    const rowNumber = i + 2; // the file's line (header is line 1)
    const get = (field: CaField) => {
      const idx = mappings.findIndex((m) => 'field' in m && m.field === field);
      return idx >= 0 ? row[idx]?.trim() : undefined;
    };
    const name = get('name');
    if (!present(name)) {
      skipped.push({ dataset: info.id, record: `row ${rowNumber}`, reason: 'no broker name' });
      return;
    }
    const key = slugify(normalizeCompanyName(name) || name);
    if (!key) {
      skipped.push({ dataset: info.id, record: `row ${rowNumber}`, reason: `name "${name}" gives no usable key` });
      return;
    }
    if (seen.has(key)) {
      skipped.push({
        dataset: info.id,
        record: `row ${rowNumber} ("${name}")`,
        reason: 'the same broker appears earlier in the file (the first row is kept)',
      });
      return;
    }
    seen.add(key);
    records.push(caRecord(row, header, mappings, get, { name, key, rowNumber }, info));
  });
  return { records, unknownColumns, columns: header.length };
}

function caRecord(
  row: string[],
  header: string[],
  mappings: HeaderMapping[],
  get: (f: CaField) => string | undefined,
  id: { name: string; key: string; rowNumber: number },
  info: DatasetInfo,
): DatasetRecord {
  const t = new RecordText();
  const facts: DatasetFact[] = [];
  const scope = ['US-CA'];
  t.line(
    `${info.name}, broker "${id.name}" (row ${id.rowNumber}; version ${info.version}${info.date ? `, ${info.date}` : ''})`,
  );
  t.line('Registered with the State of California as a data broker (Cal. Civ. Code § 1798.99.80 ff.).');
  facts.push({ family: 'company', fact: { name: id.name, citation: t.field('Data broker name', id.name) } });
  const dba = get('dba');
  if (present(dba)) {
    const names = dba
      .split(/;|\n/)
      .map((s) => s.trim())
      .filter(Boolean);
    t.list('Doing business as', names).forEach((citation, i) =>
      facts.push({ family: 'product', fact: { name: names[i]!, citation } }),
    );
  }
  const email = get('email');
  if (present(email)) {
    const citation = t.field('Email address', email);
    for (const address of deobfuscateEmails(email)) {
      facts.push({
        family: 'channel',
        fact: {
          type: 'email',
          value: address,
          purpose: 'privacy_requests',
          jurisdictions: scope,
          label: null,
          citation,
        },
      });
    }
  }
  const website = get('website');
  if (present(website)) {
    const url = /^https?:\/\//i.test(website) ? website : `http://${website}`;
    const citation = t.field('Website', website);
    if (/^https?:\/\/[^\s/]+\.[^\s/]+/i.test(url)) facts.push({ family: 'website', fact: { url, citation } });
  }
  const phone = get('phone');
  if (present(phone) && /\d{3}.*\d{4}/.test(phone)) {
    facts.push({
      family: 'channel',
      fact: {
        type: 'phone',
        value: phone,
        purpose: 'privacy_requests',
        jurisdictions: scope,
        label: null,
        citation: t.field('Phone', phone),
      },
    });
  }
  const address = present(get('address'))
    ? get('address')!
        .split(/\s*,\s*|\n/)
        .filter(Boolean)
        .join('\n')
    : [
        get('street'),
        [get('city'), [get('state'), get('zip')].filter(present).join(' ')].filter(present).join(', '),
        get('country'),
      ]
        .filter(present)
        .join('\n');
  if (address.split('\n').length >= 2) {
    facts.push({
      family: 'channel',
      fact: {
        type: 'postal',
        value: address,
        purpose: 'general',
        jurisdictions: scope,
        label: null,
        citation: t.field('Physical address', address),
      },
    });
  }
  const optOut = get('opt_out');
  if (present(optOut)) facts.push(...freeTextFacts(t, optOut));
  const govDeletion = get('gov_deletion');
  if (present(govDeletion)) {
    t.block(
      'How a protected individual can demand deletion of information posted online (Gov. Code §§ 6208.1(b), 6254.21(c)(1)):',
      normalizePolicy(govDeletion).text,
    );
  }
  const additional = get('additional');
  if (present(additional))
    t.block('Additional information about data collecting practices:', normalizePolicy(additional).text);
  const dateAdded = get('date_added');
  if (present(dateAdded)) t.field('Date added to the registry', dateAdded);

  // request metrics, by type and measure, stored as data and written into the text
  const metrics: Record<string, Record<string, number | string>> = {};
  const otherColumns: [string, string][] = [];
  header.forEach((h, idx) => {
    const m = mappings[idx]!;
    const value = row[idx]?.trim() ?? '';
    if ('metric' in m && value !== '') {
      const n = Number(value.replace(/,/g, ''));
      (metrics[m.metric.type] ??= {})[m.metric.measure] = Number.isFinite(n) ? n : value;
    } else if ('unknown' in m && present(value)) otherColumns.push([h.trim(), value]);
  });
  if (Object.keys(metrics).length) {
    t.line('Request metrics reported by the broker:');
    for (const [type, measures] of Object.entries(metrics)) {
      t.line(
        `- ${type}: ${Object.entries(measures)
          .map(([k, v]) => `${k.replace('_', ' ')} ${v}`)
          .join(', ')}`,
      );
    }
  }
  for (const [h, value] of otherColumns) t.field(h, value.replace(/\n/g, ' '));

  const seen = new Set<string>();
  const unique = facts.filter((f) => {
    const key = datasetFactKey(f);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return {
    dataset: info,
    recordKey: id.key,
    recordLabel: `broker "${id.name}" (row ${id.rowNumber})`,
    name: id.name,
    preferredSlug: id.key,
    quality: null,
    sourceUrls: [],
    text: t.toString(),
    facts: unique,
    countries: ['US'],
    requestLanguage: null,
    registeredDataBroker: true,
    metrics: Object.keys(metrics).length ? metrics : null,
  };
}

const OPT_OUT_HEADING =
  'How a consumer may opt out of the sale of personal information or submit privacy requests under the CCPA (as filed):';

/**
 * The free-text opt-out column goes through the policy extractor (the heading gives it the context a policy
 * section would have): its emails, phone numbers, web forms and response deadlines become facts citing the text.
 */
function freeTextFacts(t: RecordText, raw: string): DatasetFact[] {
  const body = normalizePolicy(raw).text.trim();
  if (!body) return [];
  const bodyStart = t.block(OPT_OUT_HEADING, body);
  const segmentStart = bodyStart - OPT_OUT_HEADING.length - 1;
  const extraction = extractPolicy(`${OPT_OUT_HEADING}\n${body}`);
  const shift = (c: Citation): Citation => ({
    start: c.start + segmentStart,
    end: c.end + segmentStart,
    quote: c.quote,
  });
  const out: DatasetFact[] = [];
  for (const tagged of listFacts(extraction)) {
    if (tagged.fact.citation.start < OPT_OUT_HEADING.length) continue;
    if (tagged.family === 'channel' && tagged.fact.type !== 'postal') {
      out.push({ family: 'channel', fact: { ...tagged.fact, citation: shift(tagged.fact.citation) } });
    } else if (tagged.family === 'deadline') {
      out.push({ family: 'deadline', fact: { ...tagged.fact, citation: shift(tagged.fact.citation) } });
    }
  }
  return out;
}

export function slugify(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 70)
    .replace(/-+$/, '');
}
