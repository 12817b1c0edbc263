import i18n from '../i18n';

/** Words for codes: countries, states and provinces, and each right in plain language. */

const COUNTRY_NAMES: Record<string, string> = {
  AT: 'Austria',
  BE: 'Belgium',
  BG: 'Bulgaria',
  HR: 'Croatia',
  CY: 'Cyprus',
  CZ: 'Czechia',
  DK: 'Denmark',
  EE: 'Estonia',
  FI: 'Finland',
  FR: 'France',
  DE: 'Germany',
  GR: 'Greece',
  HU: 'Hungary',
  IE: 'Ireland',
  IT: 'Italy',
  LV: 'Latvia',
  LT: 'Lithuania',
  LU: 'Luxembourg',
  MT: 'Malta',
  NL: 'Netherlands',
  PL: 'Poland',
  PT: 'Portugal',
  RO: 'Romania',
  SK: 'Slovakia',
  SI: 'Slovenia',
  ES: 'Spain',
  SE: 'Sweden',
  IS: 'Iceland',
  LI: 'Liechtenstein',
  NO: 'Norway',
  GB: 'United Kingdom',
  BR: 'Brazil',
  JP: 'Japan',
  US: 'United States',
  CA: 'Canada',
};

export const REGION_NAMES: Record<string, string> = {
  'US-AL': 'Alabama',
  'US-AK': 'Alaska',
  'US-AZ': 'Arizona',
  'US-AR': 'Arkansas',
  'US-CA': 'California',
  'US-CO': 'Colorado',
  'US-CT': 'Connecticut',
  'US-DE': 'Delaware',
  'US-DC': 'District of Columbia',
  'US-FL': 'Florida',
  'US-GA': 'Georgia',
  'US-HI': 'Hawaii',
  'US-ID': 'Idaho',
  'US-IL': 'Illinois',
  'US-IN': 'Indiana',
  'US-IA': 'Iowa',
  'US-KS': 'Kansas',
  'US-KY': 'Kentucky',
  'US-LA': 'Louisiana',
  'US-ME': 'Maine',
  'US-MD': 'Maryland',
  'US-MA': 'Massachusetts',
  'US-MI': 'Michigan',
  'US-MN': 'Minnesota',
  'US-MS': 'Mississippi',
  'US-MO': 'Missouri',
  'US-MT': 'Montana',
  'US-NE': 'Nebraska',
  'US-NV': 'Nevada',
  'US-NH': 'New Hampshire',
  'US-NJ': 'New Jersey',
  'US-NM': 'New Mexico',
  'US-NY': 'New York',
  'US-NC': 'North Carolina',
  'US-ND': 'North Dakota',
  'US-OH': 'Ohio',
  'US-OK': 'Oklahoma',
  'US-OR': 'Oregon',
  'US-PA': 'Pennsylvania',
  'US-RI': 'Rhode Island',
  'US-SC': 'South Carolina',
  'US-SD': 'South Dakota',
  'US-TN': 'Tennessee',
  'US-TX': 'Texas',
  'US-UT': 'Utah',
  'US-VT': 'Vermont',
  'US-VA': 'Virginia',
  'US-WA': 'Washington',
  'US-WV': 'West Virginia',
  'US-WI': 'Wisconsin',
  'US-WY': 'Wyoming',
  'CA-AB': 'Alberta',
  'CA-BC': 'British Columbia',
  'CA-MB': 'Manitoba',
  'CA-NB': 'New Brunswick',
  'CA-NL': 'Newfoundland and Labrador',
  'CA-NS': 'Nova Scotia',
  'CA-ON': 'Ontario',
  'CA-PE': 'Prince Edward Island',
  'CA-QC': 'Quebec',
  'CA-SK': 'Saskatchewan',
  'CA-NT': 'Northwest Territories',
  'CA-NU': 'Nunavut',
  'CA-YT': 'Yukon',
};

/** In English from the table above; in other languages from the browser's own names for regions. */
export const countryName = (code: string) => {
  const lng = i18n.resolvedLanguage ?? 'en';
  if (lng !== 'en') {
    try {
      const name = new Intl.DisplayNames([lng], { type: 'region' }).of(code);
      if (name && name !== code) return name;
    } catch {
      // not a region code Intl knows
    }
  }
  return COUNTRY_NAMES[code] ?? code;
};
export const jurisdictionName = (code: string) =>
  REGION_NAMES[code] ? `${REGION_NAMES[code]}, ${countryName(code.split('-')[0]!)}` : countryName(code);

const CHOICE_CODES = [
  'access',
  'deletion',
  'correction',
  'portability',
  'opt_out',
  'objection',
  'restriction',
  'limit_sensitive',
  'shine_the_light',
] as const;

/**
 * The rights a consumer can choose, in plain language and in the current language (read at render time).
 * `opt_out` becomes each law's own opt-out right.
 */
export const CONSUMER_CHOICES: { code: string; readonly title: string; readonly explain: string }[] = CHOICE_CODES.map(
  (code) => ({
    code,
    get title() {
      return i18n.t(`choices.${code}`);
    },
    get explain() {
      return i18n.t(`choices.${code}_explain`);
    },
  }),
);

/**
 * A label from a catalogue section in the current language (or `lng`: staff and agent screens pass 'en'), or the code
 * made readable when the catalogue has none.
 */
const label = (section: string, code: string, lng?: string) =>
  i18n.exists(`${section}.${code}`) ? i18n.t(`${section}.${code}`, lng ? { lng } : {}) : code.replace(/_/g, ' ');

export const rightLabel = (code: string, lng?: string) => label('rightLabels', code, lng);
export const channelLabel = (type: string, lng?: string) => label('channels', type, lng);
export const statusLabel = (s: string, lng?: string) => label('statuses', s, lng);
