import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  extractFromRaw,
  extractPolicy,
  factKey,
  listFacts,
  MAX_INPUT_BYTES,
  PolicyInputError,
} from '../../server/vendors/extract/index';
import type { PolicyExtraction } from '../../server/vendors/extract/types';
import { ADVERSARIAL_UNITS, adversarialText } from '../../bench/extract-adversarial';
import { clip } from '../../server/shared/text';
import { FIELDS, score, type PolicyLabels } from '../../bench/extract-score';
import { growthRatio } from '../setup/growth';

const ROOT = path.resolve(__dirname, '..', '..');
const SEEDS = [
  'ntt-sonority',
  'sony-headphones-connect',
  'ntt-communications',
  'sony-network-communications-nordics',
  'sonos',
];
const seed = (slug: string) => {
  const raw = readFileSync(path.join(ROOT, 'seeds', 'policies', `${slug}.txt`), 'utf8');
  const labels = JSON.parse(
    readFileSync(path.join(ROOT, 'test', 'fixtures', 'registry', `${slug}.json`), 'utf8'),
  ) as PolicyLabels & {
    requirement_kinds: string[];
    warning_kinds: string[];
    subject_lines?: string[];
  };
  return { raw, labels, ...extractFromRaw(raw, { filename: `${slug}.txt` }) };
};
const values = (x: PolicyExtraction, type: string) => x.channels.filter((c) => c.type === type).map((c) => c.value);

describe('extractPolicy on the five seeds', () => {
  it.each(SEEDS)('when %s is extracted, then every fact matches the hand labels', (slug) => {
    const { extraction, labels } = seed(slug);
    const s = score(extraction, labels);
    for (const f of FIELDS)
      expect({ field: f, ...s[f], fp: s[f].fp, fn: s[f].fn }).toEqual({ field: f, tp: s[f].tp, fp: 0, fn: 0 });
    expect(s.decoy_hits).toBe(0);
    expect([...new Set(extraction.requirements.map((r) => r.kind))]).toEqual(
      expect.arrayContaining(labels.requirement_kinds),
    );
    expect([...new Set(extraction.warnings.map((w) => w.kind))].sort()).toEqual([...labels.warning_kinds].sort());
  });

  it.each(SEEDS)('when %s is extracted, then every citation quote is exactly normalized.slice(start, end)', (slug) => {
    const { extraction, normalized } = seed(slug);
    const facts = listFacts(extraction);
    expect(facts.length).toBeGreaterThan(2);
    for (const f of facts) {
      const { start, end, quote } = f.fact.citation;
      expect(normalized.slice(start, end)).toBe(quote);
      expect(quote.length).toBeGreaterThan(0);
    }
  });

  it.each(SEEDS)('when %s is extracted, then fact keys are unique', (slug) => {
    const keys = listFacts(seed(slug).extraction).map(factKey);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('when the Sony app policy is read, then there is no e-mail but two gaps, two addresses and the Nevada deadline', () => {
    const { extraction: x, labels } = seed('sony-headphones-connect');
    expect(values(x, 'email')).toEqual([]);
    expect(x.gaps.map((g) => `${g.missing}:${g.purpose}:${g.jurisdictions.join()}`).sort()).toEqual([
      'email:state_rights:US-CA',
      'postal:state_rights:US-NV',
    ]);
    expect(x.deadlines).toEqual([
      expect.objectContaining({ days: 60, unit: 'calendar', jurisdiction: 'US-NV', rights: ['nevada_opt_out'] }),
    ]);
    expect(x.requirements.filter((r) => r.kind === 'subject_line').map((r) => r.value)).toEqual(labels.subject_lines);
    const fields = x.requirements.filter((r) => r.kind === 'required_fields').map((r) => [...r.fields].sort());
    expect(fields).toEqual([
      ['email', 'mailing_address', 'name', 'zip_code'],
      ['email', 'mailing_address', 'name', 'zip_code'],
    ]);
    const us = x.channels.find((c) => c.type === 'postal' && c.value.includes('Paramus'));
    expect(us).toMatchObject({ label: 'Attn: Privacy Office', jurisdictions: ['US'], entity: 'Sony Electronics Inc.' });
    const canada = x.channels.find((c) => c.type === 'postal' && c.value.includes('Toronto'));
    expect(canada?.entity).toBe('Sony of Canada Ltd.');
  });

  it('when the NTT Communications policy is read, then it has no usable channel, a gap and only a vague promise', () => {
    const { extraction: x } = seed('ntt-communications');
    expect(x.channels).toEqual([]);
    expect(x.deadlines).toEqual([]);
    expect(x.gaps).toEqual([expect.objectContaining({ missing: 'email', purpose: 'privacy_requests' })]);
    expect(x.requirements).toEqual([
      expect.objectContaining({ kind: 'response_promise', value: 'in a timely manner' }),
    ]);
  });

  it('when the Sonos policy is read, then the one-week unsubscribe is a promise, not a deadline', () => {
    const { extraction: x } = seed('sonos');
    expect(x.deadlines).toEqual([
      expect.objectContaining({ days: 30, unit: 'calendar', rights: ['access', 'deletion'] }),
    ]);
    expect(x.requirements).toContainEqual(
      expect.objectContaining({ kind: 'response_promise', value: 'up to one week', rights: ['unsubscribe_marketing'] }),
    );
    expect(x.channels.find((c) => c.value.startsWith('Schuttersweg'))).toMatchObject({ purpose: 'eu_representative' });
    expect(x.warnings).toEqual([expect.objectContaining({ kind: 'consequence' })]);
  });

  it('when the Nordics policy is read, then the Provider routing note and the branch entity are found', () => {
    const { extraction: x } = seed('sony-network-communications-nordics');
    expect(x.company).toBe(
      'Sony Network Communications Nordics (Swedish branch of Sony Network Communications Europe B.V.)',
    );
    expect(x.warnings.filter((w) => w.kind === 'routing').length).toBeGreaterThanOrEqual(2);
    expect(x.products.map((p) => p.name)).toEqual(['Visilion', 'Criotive', 'mSafety']);
  });

  it('when the NTT Sonority policy is read, then the address carries its department label', () => {
    const { extraction: x } = seed('ntt-sonority');
    expect(x.channels.find((c) => c.type === 'postal')).toMatchObject({
      value: '3-20-2 Nishishinjuku, Shinjuku-ku, Tokyo, Japan, 163-1432',
      label: 'Corporate Department',
      purpose: 'privacy_requests',
    });
    expect(x.deadlines).toEqual([]);
  });

  it('when unrelated text is inserted before the facts, then their keys do not change', () => {
    const { raw, extraction } = seed('sonos');
    const shifted = extractFromRaw(`Preface about our company history and values.\n\n${raw}`).extraction;
    expect(listFacts(shifted).map(factKey).sort()).toEqual(listFacts(extraction).map(factKey).sort());
  });
});

describe('extraction input robustness', () => {
  it('when the input is empty, then the extraction is empty with an input warning', () => {
    const x = extractFromRaw('   \n ').extraction;
    expect(x.input_warnings).toEqual([expect.stringMatching(/empty/)]);
    expect(listFacts(x)).toEqual([]);
  });

  it('when the input is a recipe, then it is flagged as not a policy', () => {
    const x = extractPolicy('Pancakes\n\nMix 2 cups of flour with 2 eggs. Call 555-123-4567 within 30 days to order.');
    expect(x.input_warnings).toEqual([expect.stringMatching(/not a privacy policy/)]);
    expect(x.channels).toEqual([]);
  });

  it('when the input is binary, then a PolicyInputError("binary") is thrown', () => {
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0xff, 0xfe, 0x00, 0x12]);
    expect(() => extractFromRaw(bytes)).toThrow(PolicyInputError);
    expect(() => extractFromRaw(bytes)).toThrow(/binary/);
  });

  it('when the input is over 5 MB, then a PolicyInputError("too_large") is thrown', () => {
    expect(() => extractFromRaw(Buffer.alloc(MAX_INPUT_BYTES + 1, 'a'))).toThrow(/limit/);
  });

  it.each(ADVERSARIAL_UNITS)(
    'when %s follow a privacy header, then the work grows linearly with the input',
    (_name, unit) => {
      // The header passes the privacy-vocabulary gate so the full pipeline runs on the adversarial body. Linear work
      // costs about 8× as much on 8× the input, quadratic work about 64× (the 5 MB timing is in bench/extract-adversarial.ts).
      const body = (bytes: number) => adversarialText(unit, bytes);
      expect(extractFromRaw(body(64_000)).extraction.input_warnings).toEqual([]);
      expect(growthRatio(body, (text) => extractFromRaw(text), 64_000, 8)).toBeLessThan(4 * 8);
    },
  );
});

describe('registry:extract CLI', () => {
  const run = (...args: string[]) =>
    // node with tsx as a loader: one process (the tsx command would start a second node)
    spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', 'registry-extract.ts'), ...args], {
      cwd: ROOT,
      encoding: 'utf8',
    });

  it('when given a seed policy, then it prints one JSON extraction with document metadata', () => {
    const r = run(path.join(ROOT, 'seeds', 'policies', 'sonos.txt'));
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as PolicyExtraction & {
      document: { sha256: string; format: string; length: number };
    };
    expect(out.company).toBe('Sonos, Inc.');
    expect(out.document).toMatchObject({ format: 'text', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('when the file is missing, then it exits 2 with a message and no stack trace', () => {
    const r = run(path.join(ROOT, 'nope', 'missing.txt'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no such file/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('shortened texts a person reads', () => {
  it.each([
    ['Sony does not act as data controller for any end user data and instructs Sony Network Communications Europe', 60],
    ['One sentence here. Another sentence that is much longer than the room there is for it in the box', 40],
  ])('when %p is clipped to %i, then no word is cut', (text, max) => {
    const out = clip(text, max);
    expect(out.length).toBeLessThanOrEqual(max + 1);
    expect(out.endsWith('…')).toBe(true);
    const kept = out.slice(0, -1).trim();
    expect(text.startsWith(kept)).toBe(true);
    expect([' ', undefined]).toContain(text[kept.length]);
  });

  it('when the seed policies are extracted, then every shortened warning ends at a whole word', () => {
    for (const slug of [
      'sonos',
      'sony-headphones-connect',
      'sony-network-communications-nordics',
      'ntt-sonority',
      'ntt-communications',
    ]) {
      for (const w of seed(slug).extraction.warnings) {
        if (!/(…|\.\.\.)$/.test(w.message)) continue;
        const kept = w.message
          .replace(/^Contact the other party first: /, '')
          .replace(/(…|\.\.\.)$/, '')
          .trim();
        const quote = w.citation.quote.replace(/\s+/g, ' ');
        const at = quote.indexOf(kept);
        expect(at).toBeGreaterThanOrEqual(0);
        expect(quote[at + kept.length]).toMatch(/[\s.,;:]/);
      }
    }
  });
});
