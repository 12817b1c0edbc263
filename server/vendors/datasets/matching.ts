/**
 * Which vendor a dataset record is: matched by web domain, email domain, name and brand, with legal-form suffixes
 * normalised. Pure (no database): the importer loads the candidates and applies the verdicts.
 *
 * Rules, strongest first:
 * - a shared web or email domain (the registrable part: "mail.spotify.com" is spotify.com; free-mail domains such as
 *   gmail.com never count) matches, unless both sides name different companies AND have different web domains;
 * - an equal normalised name (or a name equal to the other's brand) matches, unless both sides have web domains and
 *   they differ (two companies called "Delta" on different sites are two companies);
 * - records for different countries (both scoped, no country in common) never match: they are different branches;
 * - similar but unequal names never match; a record with two or more equally good candidates is left unmatched
 *   (reported as ambiguous) rather than merged into the wrong one.
 */

/** Legal forms removed from the end (and, for a few, the start) of a company name before comparing. */
const LEGAL_FORMS = [
  'incorporated',
  'inc',
  'corporation',
  'corp',
  'company',
  'co',
  'llc',
  'l l c',
  'llp',
  'lp',
  'ltd',
  'limited',
  'plc',
  'pllc',
  'gmbh',
  'mbh',
  'gmbh co kg',
  'co kg',
  'kg',
  'kgaa',
  'ag',
  'se',
  'eg',
  'ev',
  'e v',
  'ug',
  'ug haftungsbeschrankt',
  'ohg',
  'gbr',
  'ab',
  'publ',
  'ab publ',
  'as',
  'asa',
  'a s',
  'aps',
  'oy',
  'oyj',
  'hf',
  'ehf',
  'sa',
  's a',
  'sas',
  's a s',
  'sarl',
  's a r l',
  'sasu',
  'sl',
  's l',
  'slu',
  'spa',
  's p a',
  'srl',
  's r l',
  'snc',
  'sca',
  'bv',
  'b v',
  'nv',
  'n v',
  'vof',
  'cv',
  'sro',
  's r o',
  'as',
  'a s',
  'spol s r o',
  'sp z o o',
  'sp zoo',
  'z o o',
  'kft',
  'zrt',
  'nyrt',
  'doo',
  'd o o',
  'ad',
  'ood',
  'eood',
  'kk',
  'k k',
  'kabushiki kaisha',
  'gk',
  'pte',
  'pte ltd',
  'pty',
  'pty ltd',
  'bhd',
  'sdn bhd',
  'pvt',
  'pvt ltd',
  'private limited',
  'lda',
  'ltda',
  'sae',
  'oü',
  'ou',
  'uab',
  'sia',
  'as',
  'd d',
  'dd',
  'group',
  'holding',
  'holdings',
  'international',
  'the',
];
const SUFFIX_SET = new Set(LEGAL_FORMS);
const MAX_SUFFIX_WORDS = Math.max(...LEGAL_FORMS.map((f) => f.split(' ').length));

/** Lower-case, accents and punctuation removed, "&" as "and", legal forms stripped: "Spotify AB" → "spotify". */
export function normalizeCompanyName(name: string): string {
  let words = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\((?:formerly|previously|ehemals)[^)]*\)/g, ' ')
    .replace(/\b(?:doing business as|d\/b\/a|dba|trading as|t\/a)\b.*$/, ' ')
    .replace(/&/g, ' and ')
    .replace(/[.,'’`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
  // strip legal forms from the end, longest first, repeatedly ("Foo Holding GmbH & Co. KG" → "foo")
  let changed = true;
  while (changed && words.length > 1) {
    changed = false;
    for (let n = Math.min(MAX_SUFFIX_WORDS, words.length - 1); n >= 1; n--) {
      if (SUFFIX_SET.has(words.slice(-n).join(' '))) {
        words = words.slice(0, -n);
        changed = true;
        break;
      }
    }
    if (!changed && words.length > 1 && (words[words.length - 1] === 'and' || words[0] === 'the')) {
      words = words[0] === 'the' ? words.slice(1) : words.slice(0, -1);
      changed = true;
    }
  }
  return words.join(' ');
}

/** Second-level names under which registrations happen one level deeper (example.co.uk). */
const TWO_LEVEL = /^(?:co|com|net|org|gov|ac|edu|ltd|plc|or|ne|go|gv|priv|info|biz)\.[a-z]{2}$/;

/** The registrable domain of a host, email address or URL: "https://www.mail.spotify.com/x" → "spotify.com". */
export function registrableDomain(value: string | null | undefined): string | null {
  if (!value) return null;
  let host = value.trim().toLowerCase();
  if (host.includes('@')) host = host.slice(host.lastIndexOf('@') + 1);
  host = host
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
    .replace(/[/?#:].*$/, '')
    .replace(/\.$/, '');
  if (!/^[a-z0-9.-]+\.[a-z]{2,}$/.test(host) && !/^[\p{L}\p{N}.-]+\.[\p{L}]{2,}$/u.test(host)) return null;
  const labels = host.split('.');
  const lastTwo = labels.slice(-2).join('.');
  if (labels.length >= 3 && TWO_LEVEL.test(lastTwo)) return labels.slice(-3).join('.');
  return lastTwo;
}

/** Mailbox providers and hosting domains: an address there says nothing about whose it is. */
const SHARED_DOMAINS = new Set([
  'gmail.com',
  'googlemail.com',
  'yahoo.com',
  'hotmail.com',
  'outlook.com',
  'live.com',
  'aol.com',
  'icloud.com',
  'me.com',
  'gmx.de',
  'gmx.net',
  'web.de',
  't-online.de',
  'protonmail.com',
  'proton.me',
  'mail.com',
  'yandex.ru',
  'zoho.com',
  'onetrust.com',
  'trustarc.com',
  'github.com',
  'google.com',
  'facebook.com',
  'wordpress.com',
  'wixsite.com',
  'typeform.com',
]);

function isSharedDomain(domain: string): boolean {
  return SHARED_DOMAINS.has(domain);
}

/** What matching knows of a vendor or record. */
export interface MatchKeys {
  names: string[];
  brands: string[];
  webDomains: string[];
  emailDomains: string[];
  /** ISO country codes the company or branch serves; empty when unknown, 'all' for everywhere */
  countries: string[];
}

export function matchKeys(input: {
  name: string;
  brands?: readonly string[];
  websites?: readonly string[];
  emails?: readonly string[];
  countries?: readonly string[];
}): MatchKeys {
  const uniq = (xs: (string | null)[]) => [...new Set(xs.filter((x): x is string => !!x))];
  return {
    names: uniq([normalizeCompanyName(input.name)]).filter((n) => n.length >= 2),
    brands: uniq((input.brands ?? []).map(normalizeCompanyName)).filter((n) => n.length >= 3),
    webDomains: uniq((input.websites ?? []).map(registrableDomain)).filter((d) => !isSharedDomain(d)),
    emailDomains: uniq((input.emails ?? []).map(registrableDomain)).filter((d) => !isSharedDomain(d)),
    countries: uniq(
      [...(input.countries ?? [])].map((c) => (c.toLowerCase() === 'all' ? 'all' : c.toUpperCase().slice(0, 2))),
    ),
  };
}

export type MatchVerdict<C> =
  | { kind: 'match'; candidate: C; reasons: string[] }
  | { kind: 'ambiguous'; candidates: C[]; reasons: string[] }
  | { kind: 'none' };

const overlap = (a: readonly string[], b: readonly string[]) => a.some((x) => b.includes(x));

/** Scores one pair; null when they must not be merged. */
export function scorePair(record: MatchKeys, vendor: MatchKeys): { score: number; reasons: string[] } | null {
  const reasons: string[] = [];
  let score = 0;
  const domains = (k: MatchKeys) => [...k.webDomains, ...k.emailDomains];
  const sameDomain = overlap(domains(record), domains(vendor));
  const sameWeb = overlap(record.webDomains, vendor.webDomains);
  const sameName = overlap(record.names, vendor.names);
  const brandName = overlap(record.names, vendor.brands) || overlap(record.brands, vendor.names);
  const sameBrand = overlap(record.brands, vendor.brands);
  const differentWeb = record.webDomains.length > 0 && vendor.webDomains.length > 0 && !sameWeb;
  if (sameDomain) {
    score += sameWeb ? 3 : 2;
    reasons.push(sameWeb ? 'web domain' : 'email domain');
  }
  if (sameName) {
    score += 2;
    reasons.push('name');
  } else if (brandName) {
    score += 2;
    reasons.push('brand');
  } else if (sameBrand) {
    score += 1;
    reasons.push('shared brand');
  }
  if (score === 0) return null;
  // a branch for other countries is another company (Datenanfragen keeps one record per branch with its own contacts)
  const scoped = (k: MatchKeys) => k.countries.length > 0 && !k.countries.includes('all');
  if (scoped(record) && scoped(vendor) && !overlap(record.countries, vendor.countries)) return null;
  // different web domains: only a shared domain AND a shared name or brand overrides them
  if (differentWeb && !(sameDomain && (sameName || brandName))) return null;
  // a shared email domain alone, between companies of different names, is a service provider's address
  if (
    !sameWeb &&
    sameDomain &&
    !sameName &&
    !brandName &&
    !sameBrand &&
    record.names.length > 0 &&
    vendor.names.length > 0
  )
    return null;
  if (score < 2) return null;
  return { score, reasons };
}

/** The best candidate for a record, or why there is none. */
export function bestMatch<C extends { keys: MatchKeys }>(record: MatchKeys, candidates: readonly C[]): MatchVerdict<C> {
  let best: { c: C; score: number; reasons: string[] }[] = [];
  for (const c of candidates) {
    const s = scorePair(record, c.keys);
    if (!s) continue;
    if (best.length === 0 || s.score > best[0]!.score) best = [{ c, ...s }];
    else if (s.score === best[0]!.score && !best.some((b) => b.c === c)) best.push({ c, ...s });
  }
  if (best.length === 0) return { kind: 'none' };
  if (best.length > 1) return { kind: 'ambiguous', candidates: best.map((b) => b.c), reasons: best[0]!.reasons };
  return { kind: 'match', candidate: best[0]!.c, reasons: best[0]!.reasons };
}

/** Index of candidates by every key, so a record is compared only with the vendors it shares a key with. */
export class MatchIndex<C extends { keys: MatchKeys }> {
  private byKey = new Map<string, C[]>();

  add(c: C): void {
    for (const key of MatchIndex.keysOf(c.keys)) {
      const list = this.byKey.get(key);
      if (list) {
        if (!list.includes(c)) list.push(c);
      } else this.byKey.set(key, [c]);
    }
  }

  candidatesFor(keys: MatchKeys): C[] {
    const out = new Set<C>();
    for (const key of MatchIndex.keysOf(keys)) for (const c of this.byKey.get(key) ?? []) out.add(c);
    return [...out];
  }

  private static keysOf(k: MatchKeys): string[] {
    return [
      ...k.names.map((n) => `n:${n}`),
      ...k.brands.map((n) => `n:${n}`),
      ...k.webDomains.map((d) => `d:${d}`),
      ...k.emailDomains.map((d) => `d:${d}`),
    ];
  }
}
