/**
 * The one legal vocabulary of the portal: regimes, rights, the names a person may use for a right at any entry point
 * (intake, preview, agent filing, bulk CSV, the compute API, the CLI) and how each maps to the jurisdiction's own right,
 * and the synonyms a vendor's policy uses for the fields it requires. Shared infrastructure so every layer (mail
 * included) imports it instead of keeping a copy.
 */

export const REGIMES = [
  'CCPA',
  'CA_SHINE_THE_LIGHT',
  'NV_603A',
  'GDPR',
  'UK_GDPR',
  'VA_CDPA',
  'CO_CPA',
  'CT_DPA',
  'UT_UCPA',
  'TX_DPSA',
  'OR_OCPA',
  'IA_ICDPA',
  'US_STATE_OTHER',
  'PIPEDA',
  'QC_LAW25',
  'LGPD',
  'APPI',
] as const;
export type RegimeCode = (typeof REGIMES)[number];

export const RIGHT_CODES = [
  'access',
  'know',
  'deletion',
  'correction',
  'portability',
  'opt_out_sale',
  'opt_out_sharing',
  'opt_out_targeted_ads',
  'limit_sensitive',
  'objection',
  'restriction',
  'withdraw_consent',
  'appeal',
  'shine_the_light',
  'nevada_opt_out',
] as const;
export type RightCode = (typeof RIGHT_CODES)[number];

/** Every name an entry point accepts for a right: the law's own codes plus the plain "opt_out". */
export const RIGHT_NAMES = [...RIGHT_CODES, 'opt_out'] as const;
export type RightName = (typeof RIGHT_NAMES)[number];

/** Opt-out rights (used for warnings such as "says it does not sell"). */
export const OPT_OUT_RIGHTS: readonly RightCode[] = [
  'opt_out_sale',
  'opt_out_sharing',
  'opt_out_targeted_ads',
  'nevada_opt_out',
  'limit_sensitive',
];

/**
 * The person says "opt out"; each law names that right differently. Order matters: Nevada's own opt-out first (its
 * letter cites NRS 603A), then the US sale opt-out (CCPA letters cover sale and sharing together), then the GDPR-style
 * objection.
 */
const OPT_OUT_PREFERENCE: readonly RightCode[] = ['nevada_opt_out', 'opt_out_sale', 'objection'];

/** Codes that mean the same right in a jurisdiction: stored as the second, so duplicates are recognised. */
const SAME_RIGHT: Readonly<Record<string, Partial<Record<RightCode, RightCode>>>> = {
  'US-NV': { opt_out_sale: 'nevada_opt_out' },
};

/** Rights a vendor's registry facts may name for the same thing (the extractor says opt_out_sale for Nevada). */
const EQUIVALENT: readonly (readonly string[])[] = [
  ['opt_out_sale', 'nevada_opt_out'],
  ['access', 'know'],
];

export function sameRight(a: string, b: string): boolean {
  return a === b || EQUIVALENT.some((group) => group.includes(a) && group.includes(b));
}

export type ResolvedRight =
  { ok: true; right: RightCode; known: true } | { ok: false; known: boolean; message: string };

/**
 * The concrete right a name means in a jurisdiction whose law grants `available`, or why it does not exist there.
 * Every entry point calls this (through the deadlines feature's `resolveRight`), so all accept the same names and map
 * them the same way. Case and surrounding spaces are ignored.
 */
export function resolveRightName(
  jurisdiction: string,
  lawName: string,
  available: readonly RightCode[],
  requested: string,
): ResolvedRight {
  const name = requested.trim().toLowerCase();
  const list = available.join(', ');
  if (name === 'opt_out') {
    const right = OPT_OUT_PREFERENCE.find((r) => available.includes(r));
    if (right) return { ok: true, right, known: true };
    return { ok: false, known: true, message: `${lawName} (${jurisdiction}) has no opt-out right; available: ${list}` };
  }
  const known = (RIGHT_CODES as readonly string[]).includes(name);
  if (!known)
    return {
      ok: false,
      known,
      message: `unknown right "${requested}"; available in ${jurisdiction}: ${list}, or opt_out`,
    };
  const code = name as RightCode;
  if (!available.includes(code)) {
    const hint =
      OPT_OUT_RIGHTS.includes(code) && available.includes('objection')
        ? ' (the opt-out here is the right to object: use "objection" or "opt_out")'
        : '';
    return {
      ok: false,
      known,
      message: `"${requested}" is not a right under ${lawName} (${jurisdiction})${hint}; available: ${list}`,
    };
  }
  return { ok: true, right: SAME_RIGHT[jurisdiction]?.[code] ?? code, known: true };
}

/**
 * Where a field a vendor's policy requires comes from. One table for intake (which refuses a submission without it),
 * the web form (which asks for it) and the letter (which prints it): a field intake accepts can never fail the letter.
 */
export type RequiredFieldSlot =
  'name' | 'email' | 'contact' | 'phone' | 'address' | 'postal_code' | 'country' | 'region' | 'city' | 'request';

const FIELD_SYNONYMS: Readonly<Record<RequiredFieldSlot, readonly string[]>> = {
  name: ['name', 'full_name'],
  email: ['email', 'email_address'],
  contact: ['contact_information', 'preferred_contact', 'contact_details'],
  phone: ['phone', 'phone_number', 'telephone'],
  address: ['mailing_address', 'postal_address', 'address', 'street_address'],
  postal_code: ['zip_code', 'zip', 'postal_code', 'postcode'],
  country: ['country'],
  region: ['state', 'region', 'province'],
  city: ['city'],
  // the letter itself names the right it exercises
  request: ['rights_exercised', 'right_exercised', 'nature_of_request', 'request_type'],
};
const SLOT_OF = new Map<string, RequiredFieldSlot>(
  (Object.entries(FIELD_SYNONYMS) as [RequiredFieldSlot, readonly string[]][]).flatMap(([slot, names]) =>
    names.map((n) => [n, slot] as const),
  ),
);

/** The slot a required-field name fills, or null for a vendor-specific identifier (an account number, ...). */
export function requiredFieldSlot(field: string): RequiredFieldSlot | null {
  return SLOT_OF.get(field) ?? null;
}

/** The 27 member states of the European Union (ISO 3166-1 alpha-2; Greece as GR). */
export const EU_MEMBER_STATES: readonly string[] = [
  'AT',
  'BE',
  'BG',
  'HR',
  'CY',
  'CZ',
  'DK',
  'EE',
  'FI',
  'FR',
  'DE',
  'GR',
  'HU',
  'IE',
  'IT',
  'LV',
  'LT',
  'LU',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SK',
  'SI',
  'ES',
  'SE',
];

/** Where the GDPR applies: the EU and the three EEA states outside it (Iceland, Liechtenstein, Norway). */
export const EU_EEA: readonly string[] = [...EU_MEMBER_STATES, 'IS', 'LI', 'NO'];

/**
 * The Data Rights Protocol's vocabulary (DRP 1.0 §3.01): the rights it encodes, each under the regime "ccpa" only
 * ("Requests to exercise these rights SHALL be made under either a processing regime of 'ccpa', or on a voluntary
 * basis"). A right or regime missing here is not sent by DRP: its letter goes as before. The CCPA's right to know is
 * DRP's `access`; the CPRA's opt-out of sharing has no DRP action.
 */
export const DRP_EXERCISES: Partial<Record<RightCode, 'access' | 'deletion' | 'sale:opt_out'>> = {
  access: 'access',
  know: 'access',
  deletion: 'deletion',
  opt_out_sale: 'sale:opt_out',
};
export const DRP_REGIMES: Partial<Record<RegimeCode, 'ccpa'>> = { CCPA: 'ccpa' };
