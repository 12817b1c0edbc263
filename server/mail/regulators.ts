/**
 * Regulators a consumer can complain to when a vendor misses its deadline. URLs point at each
 * regulator's complaint or contact page as published; they were written from reference knowledge, not
 * fetched, so re-check them before relying on a deep link.
 */
export interface Regulator {
  name: string;
  url: string;
  /** ISO-3166 style codes as used elsewhere in the portal ("US-CA", "SE", "EU", ...) */
  jurisdictions: readonly string[];
  /** the law the regulator enforces, as cited in a complaint */
  enforces: string;
}

export const REGULATORS = {
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

export type RegulatorCode = keyof typeof REGULATORS;
export const REGULATOR_CODES = Object.keys(REGULATORS) as [RegulatorCode, ...RegulatorCode[]];

/**
 * Regulators for a jurisdiction, most specific first. EU member states without their own entry fall
 * back to the generic EU DPA, because every member state has one and the EDPB lists them all.
 */
export function regulatorsFor(jurisdiction: string): { code: RegulatorCode; regulator: Regulator }[] {
  const all = REGULATOR_CODES.map((code) => ({ code, regulator: REGULATORS[code] as Regulator }));
  const exact = all.filter((r) => r.regulator.jurisdictions.includes(jurisdiction));
  if (exact.length > 0) return exact;
  return EU_MEMBER_STATES.has(jurisdiction) || jurisdiction === 'EU' ? all.filter((r) => r.code === 'eu_dpa') : [];
}

const EU_MEMBER_STATES = new Set([
  'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT',
  'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE',
]);
