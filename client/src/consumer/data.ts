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

export const countryName = (code: string) => COUNTRY_NAMES[code] ?? code;
export const jurisdictionName = (code: string) =>
  REGION_NAMES[code] ? `${REGION_NAMES[code]}, ${countryName(code.split('-')[0]!)}` : countryName(code);

/** The rights a consumer can choose, in plain language. `opt_out` becomes each law's own opt-out right. */
export const CONSUMER_CHOICES: { code: string; title: string; explain: string }[] = [
  {
    code: 'access',
    title: 'See my data',
    explain:
      'Get a copy of the personal information the company holds about you, where it came from, why they use it and who they share it with.',
  },
  {
    code: 'deletion',
    title: 'Delete my data',
    explain:
      'Ask the company to erase the personal information it holds about you. Some things (such as records the law makes them keep) may stay.',
  },
  {
    code: 'correction',
    title: 'Correct my data',
    explain:
      'Ask the company to fix information about you that is wrong or incomplete. You say what is wrong and what it should be.',
  },
  {
    code: 'portability',
    title: 'Take my data elsewhere',
    explain: 'Get the data you gave the company in a file you can reuse or give to another service.',
  },
  {
    code: 'opt_out',
    title: 'Stop selling or sharing my data',
    explain:
      'Tell the company to stop selling your data, sharing it for targeted advertising, or (in Europe) using it for direct marketing.',
  },
  {
    code: 'objection',
    title: 'Object to how my data is used',
    explain: 'Ask the company to stop using your data for a purpose you object to, such as marketing or profiling.',
  },
  {
    code: 'restriction',
    title: 'Pause the use of my data',
    explain: 'Ask the company to stop using your data for now, for example while a correction is checked.',
  },
  {
    code: 'limit_sensitive',
    title: 'Limit use of sensitive data',
    explain:
      'Ask the company to use sensitive information (such as health or precise location) only for what you asked for.',
  },
  {
    code: 'shine_the_light',
    title: 'Who got my data for marketing',
    explain: 'California only: ask which companies received your data for their own direct marketing in the last year.',
  },
];

const RIGHT_LABELS: Record<string, string> = {
  access: 'see my data',
  know: 'see my data',
  deletion: 'delete my data',
  correction: 'correct my data',
  portability: 'take my data elsewhere',
  opt_out: 'stop selling or sharing',
  opt_out_sale: 'stop selling my data',
  opt_out_sharing: 'stop sharing my data',
  opt_out_targeted_ads: 'stop targeted advertising',
  limit_sensitive: 'limit sensitive data',
  objection: 'object to use of my data',
  restriction: 'pause the use of my data',
  withdraw_consent: 'withdraw consent',
  appeal: 'appeal a refusal',
  shine_the_light: 'who got my data for marketing',
  nevada_opt_out: 'stop selling my data (Nevada)',
};
export const rightLabel = (code: string) => RIGHT_LABELS[code] ?? code.replace(/_/g, ' ');

const CHANNEL_LABELS: Record<string, string> = {
  email: 'Email',
  postal: 'Post',
  webform: 'Web form',
  phone: 'Phone',
  drp: 'Data Rights Protocol',
};
export const channelLabel = (type: string) => CHANNEL_LABELS[type] ?? type;

const STATUS_LABELS: Record<string, string> = {
  pending_verification: 'waiting for you to confirm your email',
  verified: 'confirmed',
  needs_research: 'we are finding the right contact',
  ready_to_dispatch: 'letter being sent',
  sent: 'sent, waiting for the company',
  dispatch_failed: 'could not be delivered; our staff are on it',
  awaiting_information: 'the company asked for more information',
  extended: 'the company extended its deadline',
  completed: 'answered',
  denied: 'refused by the company',
  withdrawn: 'withdrawn',
  closed: 'closed',
};
export const statusLabel = (s: string) => STATUS_LABELS[s] ?? s.replace(/_/g, ' ');
