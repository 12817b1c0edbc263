import { readFileSync } from 'node:fs';
import path from 'node:path';
import { EU_MEMBER_STATES } from '../shared/legal-vocabulary';
import { PROJECT_ROOT } from '../shared/paths';

/**
 * Regulators a consumer can complain to when a vendor misses its deadline. The data-protection authorities of the
 * EU/EEA, the UK, Switzerland and the German Länder come from the Datenanfragen.de supervisory-authority records
 * shipped in seeds/datasets (CC0; see PROVENANCE.md), each cited to its record. The hand-written entries below cover
 * the rest (US states, Japan, Canada, the generic EU fallback); their URLs were written from reference knowledge, not
 * fetched, so re-check them before relying on a deep link.
 */
export interface Regulator {
  name: string;
  url: string;
  /** ISO-3166 style codes as used elsewhere in the portal ("US-CA", "SE", "EU", ...) */
  jurisdictions: readonly string[];
  /** the law the regulator enforces, as cited in a complaint */
  enforces: string;
  email?: string;
  /** postal address, lines joined by "\n" */
  address?: string;
  /** language complaints are written in (ISO 639-1), when the authority states one */
  complaint_language?: string;
  /** where the entry comes from: a dataset record with its version */
  source?: string;
}

const HAND_WRITTEN = {
  us_ca_cppa: {
    name: 'California Privacy Protection Agency',
    url: 'https://cppa.ca.gov/webapplications/complaint',
    jurisdictions: ['US-CA'],
    enforces: 'the California Consumer Privacy Act (Cal. Civ. Code § 1798.100 et seq.)',
  },
  us_ca_ag: {
    name: 'California Attorney General, Privacy Enforcement',
    url: 'https://oag.ca.gov/contact/consumer-complaint-against-business-or-company',
    jurisdictions: ['US-CA'],
    enforces: 'the California Consumer Privacy Act and Cal. Civ. Code § 1798.83',
  },
  us_nv_ag: {
    name: 'Nevada Attorney General, Bureau of Consumer Protection',
    url: 'https://ag.nv.gov/Complaints/File_Complaint/',
    jurisdictions: ['US-NV'],
    enforces: 'NRS Chapter 603A (NRS 603A.345)',
  },
  se_imy: {
    name: 'Integritetsskyddsmyndigheten (IMY), Swedish Authority for Privacy Protection',
    url: 'https://www.imy.se/en/individuals/forms-and-e-services/file-a-gdpr-complaint/',
    jurisdictions: ['SE'],
    enforces: 'the General Data Protection Regulation (EU) 2016/679',
  },
  nl_ap: {
    name: 'Autoriteit Persoonsgegevens (Dutch Data Protection Authority)',
    url: 'https://autoriteitpersoonsgegevens.nl/en/contact-the-dutch-dpa/submit-a-complaint',
    jurisdictions: ['NL'],
    enforces: 'the General Data Protection Regulation (EU) 2016/679',
  },
  uk_ico: {
    name: "Information Commissioner's Office",
    url: 'https://ico.org.uk/make-a-complaint/',
    jurisdictions: ['GB'],
    enforces: 'the UK GDPR and the Data Protection Act 2018',
  },
  jp_ppc: {
    name: 'Personal Information Protection Commission (PPC)',
    url: 'https://www.ppc.go.jp/en/',
    jurisdictions: ['JP'],
    enforces: 'the Act on the Protection of Personal Information (APPI)',
  },
  ca_opc: {
    name: 'Office of the Privacy Commissioner of Canada',
    url: 'https://www.priv.gc.ca/en/report-a-concern/',
    jurisdictions: ['CA'],
    enforces: 'the Personal Information Protection and Electronic Documents Act (PIPEDA)',
  },
  eu_dpa: {
    name: 'the competent EU data protection supervisory authority',
    url: 'https://www.edpb.europa.eu/about-edpb/about-edpb/members_en',
    jurisdictions: ['EU'],
    enforces: 'the General Data Protection Regulation (EU) 2016/679',
  },
} as const satisfies Record<string, Regulator>;

/**
 * German Länder: the authority supervising private companies in each Land (ISO 3166-2), by record slug. Authorities
 * for public bodies, churches and broadcasters are kept as regulators but never chosen for a consumer's complaint.
 */
const GERMAN_LAND_AUTHORITIES: Record<string, string> = {
  debawueldb: 'DE-BW',
  debaylda: 'DE-BY',
  deberlbdi: 'DE-BE',
  debralda: 'DE-BB',
  debrelfdi: 'DE-HB',
  dehmbbfdi: 'DE-HH',
  dehessbdi: 'DE-HE',
  demvldi: 'DE-MV',
  dendslfd: 'DE-NI',
  denrwldi: 'DE-NW',
  derlpbdi: 'DE-RP',
  desaarudz: 'DE-SL',
  desaechsdsb: 'DE-SN',
  desalbd: 'DE-ST',
  deshuld: 'DE-SH',
  detlfdi: 'DE-TH',
};
/** the federal commissioner takes complaints from anywhere in Germany (and hands them to the competent Land) */
const GERMAN_FEDERAL = 'debfdi';

interface AuthorityRecord {
  slug: string;
  name: string;
  'relevant-countries'?: string[];
  address?: string;
  email?: string;
  webform?: string;
  web?: string;
  'complaint-language'?: string;
}

const AUTHORITIES_FILE = path.join(PROJECT_ROOT, 'seeds', 'datasets', 'datenanfragen', 'supervisory-authorities.jsonl');
const AUTHORITIES_VERSION =
  'Datenanfragen.de supervisory authorities, version 0a29c3d6feee53b02e73204a3dbd312eafe56629 (2026-07-21)';

function lawFor(country: string): string {
  if (country === 'GB') return 'the UK GDPR and the Data Protection Act 2018';
  if (country === 'CH') return 'the Swiss Federal Act on Data Protection (FADP)';
  return 'the General Data Protection Regulation (EU) 2016/679';
}

/** The supervisory authorities as regulators, keyed `dpa_<record slug>`; jurisdictions from the record's countries (or Land). */
function authoritiesFromRecords(content: string): Record<string, Regulator> {
  const out: Record<string, Regulator> = {};
  for (const line of content.split('\n')) {
    if (!line.trim()) continue;
    const r = JSON.parse(line) as AuthorityRecord;
    const url = r.webform ?? r.web;
    if (!r.slug || !r.name || !url) continue;
    const country = (r['relevant-countries']?.[0] ?? '').toUpperCase();
    const jurisdictions =
      country === 'DE'
        ? GERMAN_LAND_AUTHORITIES[r.slug]
          ? [GERMAN_LAND_AUTHORITIES[r.slug]!]
          : r.slug === GERMAN_FEDERAL
            ? ['DE']
            : []
        : (r['relevant-countries'] ?? []).map((c) => c.toUpperCase());
    out[`dpa_${r.slug}`] = {
      name: r.name,
      url,
      jurisdictions,
      enforces: lawFor(country),
      ...(r.email ? { email: r.email } : {}),
      ...(r.address ? { address: r.address } : {}),
      ...(r['complaint-language'] ? { complaint_language: r['complaint-language'] } : {}),
      source: `${AUTHORITIES_VERSION}, record "${r.slug}"`,
    };
  }
  return out;
}

/** Every regulator: the hand-written ones and the supervisory authorities of the shipped dataset. */
export const REGULATORS: Readonly<Record<string, Regulator>> = Object.freeze({
  ...HAND_WRITTEN,
  ...authoritiesFromRecords(readFileSync(AUTHORITIES_FILE, 'utf8')),
});

export type RegulatorCode = string;
export const REGULATOR_CODES = Object.keys(REGULATORS) as [RegulatorCode, ...RegulatorCode[]];

/**
 * Regulators for a jurisdiction, most specific first: a supervisory authority of the dataset whose country or German
 * Land matches (a Land's requests fall back to the country's), else a hand-written entry (US states, Japan, Canada),
 * else, for an EU member state without either, the generic EU DPA.
 */
export function regulatorsFor(jurisdiction: string): { code: RegulatorCode; regulator: Regulator }[] {
  const all = REGULATOR_CODES.map((code) => ({ code, regulator: REGULATORS[code]! }));
  const datasets = (j: string) => all.filter((r) => r.code.startsWith('dpa_') && r.regulator.jurisdictions.includes(j));
  const fromDataset = datasets(jurisdiction);
  if (fromDataset.length > 0) return fromDataset;
  const country = jurisdiction.split('-')[0]!;
  if (
    country !== jurisdiction &&
    !jurisdiction.startsWith('US-') &&
    !jurisdiction.startsWith('CA-') &&
    datasets(country).length > 0
  )
    return datasets(country);
  const exact = all.filter((r) => !r.code.startsWith('dpa_') && r.regulator.jurisdictions.includes(jurisdiction));
  if (exact.length > 0) return exact;
  return EU_MEMBERS.has(jurisdiction) || jurisdiction === 'EU' ? all.filter((r) => r.code === 'eu_dpa') : [];
}

const EU_MEMBERS = new Set(EU_MEMBER_STATES);
