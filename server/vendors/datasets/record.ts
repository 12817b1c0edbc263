import { createHash } from 'node:crypto';
import type { Citation } from '../extract/types';
import { factKey, normalizeValue, type TaggedFact } from '../extract/fact-key';

/** A dataset as the manifest (seeds/datasets/manifest.json) describes it. */
export interface DatasetInfo {
  /** stable id: 'datenanfragen', 'ca-data-broker-registry' */
  id: string;
  name: string;
  version: string;
  /** ISO date or month of the dataset's version */
  date: string | null;
}

export type DataQuality = 'tested' | 'verified' | 'imported' | 'scraped';

/**
 * Facts a dataset record gives beyond what a policy extraction has: the company's website and the names it was known
 * by before (a merged record, a "(formerly)" brand).
 */
export type DatasetFact =
  | TaggedFact
  | { family: 'former_name'; fact: { name: string; citation: Citation } }
  | { family: 'website'; fact: { url: string; citation: Citation } };

/**
 * One dataset record, ready to store: its canonical text (what every fact cites), its facts, and what matching needs.
 * `text` is a plain rendering of the record, field by field, so a staff reviewer reads the quote in context.
 */
export interface DatasetRecord {
  dataset: DatasetInfo;
  /** the record's slug (Datenanfragen) or its key in the registry (normalised broker name) */
  recordKey: string;
  /** how the record is named in citations: 'record "spotify"', 'row 12 ("Acxiom LLC")' */
  recordLabel: string;
  name: string;
  /** a vendor slug to use when the record makes a new vendor */
  preferredSlug: string;
  quality: DataQuality | null;
  sourceUrls: string[];
  text: string;
  facts: DatasetFact[];
  countries: string[];
  requestLanguage: string | null;
  registeredDataBroker: boolean;
  metrics: Record<string, unknown> | null;
  /** where the record was read from, e.g. "seeds/datasets/datenanfragen/companies.jsonl#spotify" */
  source?: string;
  /** slug of another record of the same dataset this one belongs to (a merged record): attached to its vendor */
  attachTo?: string;
}

export function datasetFactKey(t: DatasetFact): string {
  if (t.family === 'former_name') return `former_name:${short(t.fact.name)}`;
  if (t.family === 'website') return `website:${short(t.fact.url.replace(/^https?:\/\//i, '').replace(/\/$/, ''))}`;
  return factKey(t);
}

function short(value: string): string {
  const n = normalizeValue(value);
  if (n.length <= 48) return n.replace(/ /g, '_');
  return createHash('sha256').update(n).digest('hex').slice(0, 12);
}

/**
 * Builds a record's canonical text line by line and hands back the citation of each value it writes, so every fact
 * cites exactly the characters that hold it.
 */
export class RecordText {
  private text = '';

  line(content: string): void {
    this.text += `${content}\n`;
  }

  /** "Label: value" (a multi-line value continues on indented lines); returns the citation of the value. */
  field(label: string, value: string): Citation {
    this.text += `${label}: `;
    const lines = value.split('\n');
    const start = this.text.length;
    this.text += lines.join('\n  ');
    const end = this.text.length;
    this.text += '\n';
    return { start, end, quote: this.text.slice(start, end) };
  }

  /** A labelled list, one item per line ("- item"); returns each item's citation. */
  list(label: string, items: readonly string[]): Citation[] {
    this.text += `${label}:\n`;
    return items.map((item) => {
      this.text += '- ';
      const start = this.text.length;
      this.text += item.replace(/\n/g, ' ');
      const end = this.text.length;
      this.text += '\n';
      return { start, end, quote: this.text.slice(start, end) };
    });
  }

  /** A block of free text under a heading; returns where the block starts (its text is `body` exactly). */
  block(heading: string, body: string): number {
    this.text += `${heading}\n`;
    const start = this.text.length;
    this.text += `${body}\n`;
    return start;
  }

  /** A citation of `part` inside the value cited by `within` (for a value quoted with its obfuscation). */
  static sub(within: Citation, offset: number, length: number): Citation {
    return {
      start: within.start + offset,
      end: within.start + offset + length,
      quote: within.quote.slice(offset, offset + length),
    };
  }

  toString(): string {
    return this.text;
  }
}
