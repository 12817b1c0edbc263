/**
 * The typed input of a vendor letter, and which letter template serves which right under which regime.
 * The zod schema is the single source of truth: `LetterData` is derived from it so the compile-time type
 * and the runtime check can never drift apart.
 */
import { z } from 'zod';
import {
  REGIMES as REGIME_CODES,
  RIGHT_CODES,
  requiredFieldSlot,
  type RegimeCode,
  type RightCode,
} from '../shared/legal-vocabulary';

// The one legal vocabulary (server/shared/legal-vocabulary.ts): a computed deadline and its letter share one regime value.
export const REGIMES = REGIME_CODES;
export type Regime = RegimeCode;

export const LETTER_TEMPLATES = [
  'access',
  'deletion',
  'correction',
  'opt_out',
  'portability',
  'objection',
  'appeal',
  'shine_the_light',
  'nevada_opt_out',
] as const;
export type LetterTemplateName = (typeof LETTER_TEMPLATES)[number];

export const RIGHTS = RIGHT_CODES;
export type { RightCode };

type Matrix = Record<Regime, Partial<Record<RightCode, LetterTemplateName>>>;
const BASIC = { access: 'access', know: 'access', deletion: 'deletion', portability: 'portability' } as const;
const US_STATE = {
  ...BASIC,
  correction: 'correction',
  opt_out_sale: 'opt_out',
  opt_out_targeted_ads: 'opt_out',
  appeal: 'appeal',
} as const;
const EU_STYLE = {
  ...BASIC,
  correction: 'correction',
  objection: 'objection',
  withdraw_consent: 'objection',
  // Under the GDPR an "opt-out" of selling or ad targeting is an objection to direct marketing
  // (Art. 21(2)-(3)) plus withdrawal of consent (Art. 7(3)); there is no separate opt-out right.
  opt_out_sale: 'objection',
  opt_out_sharing: 'objection',
  opt_out_targeted_ads: 'objection',
} as const;

/**
 * Every right × regime combination for which a letter exists. Combinations absent here have no legal
 * basis in that regime (e.g. an appeal under the GDPR, correction under Utah's UCPA) and are refused.
 */
export const LETTER_MATRIX: Matrix = {
  CCPA: {
    ...BASIC,
    correction: 'correction',
    opt_out_sale: 'opt_out',
    opt_out_sharing: 'opt_out',
    opt_out_targeted_ads: 'opt_out',
  },
  CA_SHINE_THE_LIGHT: { shine_the_light: 'shine_the_light' },
  GDPR: EU_STYLE,
  UK_GDPR: EU_STYLE,
  VA_CDPA: US_STATE,
  CO_CPA: US_STATE,
  CT_DPA: US_STATE,
  UT_UCPA: { ...BASIC, opt_out_sale: 'opt_out', opt_out_targeted_ads: 'opt_out' },
  TX_DPSA: US_STATE,
  OR_OCPA: US_STATE,
  IA_ICDPA: { ...BASIC, opt_out_sale: 'opt_out', appeal: 'appeal' },
  // No letter: without the state's statute we cannot cite the law, and a letter must.
  US_STATE_OTHER: {},
  NV_603A: { opt_out_sale: 'nevada_opt_out', nevada_opt_out: 'nevada_opt_out' },
  PIPEDA: { access: 'access', know: 'access', correction: 'correction', deletion: 'deletion' },
  QC_LAW25: { ...BASIC, correction: 'correction' },
  LGPD: { ...BASIC, correction: 'correction', objection: 'objection', withdraw_consent: 'objection' },
  APPI: { access: 'access', know: 'access', correction: 'correction', deletion: 'deletion', objection: 'objection' },
};

export class UnsupportedLetterError extends Error {
  override readonly name = 'UnsupportedLetterError';
  constructor(
    readonly right: string,
    readonly regime: string,
  ) {
    super(`No letter exists for right "${right}" under regime "${regime}"`);
  }
}

export function letterTemplateFor(right: RightCode, regime: Regime): LetterTemplateName {
  const name = Object.hasOwn(LETTER_MATRIX, regime) ? LETTER_MATRIX[regime][right] : undefined;
  if (!name) throw new UnsupportedLetterError(right, regime);
  return name;
}

/**
 * Whether an authorized agent may file this letter (shared/reference/statutes.md): Virginia, Utah and
 * Iowa recognise no general agents; Colorado, Connecticut, Oregon and Texas only for opt-outs.
 */
export function agentPermitted(regime: Regime, template: LetterTemplateName): boolean {
  if (regime === 'VA_CDPA' || regime === 'UT_UCPA' || regime === 'IA_ICDPA') return false;
  if (regime === 'CO_CPA' || regime === 'CT_DPA' || regime === 'OR_OCPA' || regime === 'TX_DPSA')
    return template === 'opt_out';
  return true;
}

/** All supported combinations, for tests and the staff preview. */
export function letterCombinations(): { right: RightCode; regime: Regime; template: LetterTemplateName }[] {
  return REGIMES.flatMap((regime) =>
    Object.entries(LETTER_MATRIX[regime]).map(([right, template]) => ({ right: right as RightCode, regime, template })),
  );
}

// Blank strings are as bad as missing ones in a sent letter, so every text field must have content.
export const text = () => z.string().trim().min(1);
export const isoDate = () => z.iso.date();

export const addressSchema = z.object({
  line1: text(),
  line2: text().optional(),
  city: text(),
  region: text(),
  postal_code: text(),
  country: text(),
});

const requesterSchema = z.object({
  name: text(),
  email: z.email(),
  phone: text().optional(),
  address: addressSchema.optional(),
  /** values for vendor-required fields beyond the standard ones, keyed by the registry's field name */
  identifiers: z.record(z.string(), text()).optional(),
});

export const agentSchema = z.object({
  name: text(),
  organisation: text().optional(),
  email: z.email(),
  authorization: z.object({ kind: z.enum(['signed_upload', 'e_authorization']), dated: isoDate() }),
});

export const vendorSchema = z.object({
  name: text(),
  legal_entity: text().optional(),
  email: z.email().optional(),
  postal_address: text().optional(),
  required_subject_line: text().nullable().optional(),
  required_fields: z.array(text()),
});

export const correctionSchema = z.object({ field: text(), current: text(), corrected: text() });

export const letterDataShape = {
  reference: z.string().regex(/^DR-\d{4}-\d{6,}$/, 'reference must look like DR-2026-000123'),
  right: z.enum(RIGHTS),
  regime: z.enum(REGIMES),
  jurisdiction: text(),
  vendor: vendorSchema,
  requester: requesterSchema,
  agent: agentSchema.optional(),
  corrections: z.array(correctionSchema).optional(),
  details: text().optional(),
  /**
   * What the letter says about time, naming what each date is: the statute's deadline, the company's own promise (with
   * its citation, the statute's deadline beside it), or a follow-up point where the law says only "without delay".
   * `due` is null when the letter cannot know the date the deadline will count from (a posted letter's delivery, a web form's
   * submission): the letter then states the rule ("within 45 calendar days of receiving this letter"), never a guess.
   */
  deadline: z.object({
    kind: z.enum(['statute', 'promise', 'follow_up']),
    due: isoDate().nullable(),
    period: text(),
    basis_text: text(),
    citation: text(),
    legal_due: isoDate().nullable(),
    legal_period: text().nullable(),
    legal_citation: text(),
    extended_due: isoDate().nullable().optional(),
  }),
  date: isoDate(),
  /** where a postal letter asks the vendor to reply; defaults to the agent's or requester's email */
  reply_email: z.email().optional(),
  /**
   * Opt-out letters of a consumer whose browser sent Global Privacy Control when they filed: the day it was recorded,
   * and the law that makes the signal a valid opt-out where one does (server/shared/opt-out-signals.ts), else null.
   */
  gpc: z.object({ recorded_on: isoDate(), law: text().nullable(), citation: text().nullable() }).optional(),
};
export type LetterData = z.input<z.ZodObject<typeof letterDataShape>>;
export type Requester = z.infer<typeof requesterSchema>;

const FIELD_LABELS: Record<string, string> = {
  name: 'Full name',
  full_name: 'Full name',
  email: 'Email address',
  email_address: 'Email address',
  phone: 'Telephone',
  phone_number: 'Telephone',
  telephone: 'Telephone',
  mailing_address: 'Postal address',
  postal_address: 'Postal address',
  address: 'Postal address',
  street_address: 'Postal address',
  zip_code: 'ZIP code',
  zip: 'ZIP code',
  postal_code: 'Postal code',
  postcode: 'Postcode',
  country: 'Country',
  state: 'State',
  city: 'City',
  contact_information: 'Preferred contact',
  preferred_contact: 'Preferred contact',
  contact_details: 'Preferred contact',
  rights_exercised: 'Rights exercised',
  right_exercised: 'Rights exercised',
  request_type: 'Rights exercised',
};

/** "account_id" -> "Account id": readable without a lookup table for fields we have never seen. */
export function fieldLabel(field: string): string {
  const known = FIELD_LABELS[field];
  if (known) return known;
  const words = field
    .replace(/[_-]+/g, ' ')
    .trim()
    .replace(/\b(id|ssn|dob)\b/gi, (w) => w.toUpperCase());
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export interface ResolvedField {
  field: string;
  label: string;
  value: string;
  /** true when the identification block already prints it (name, email, phone, address) */
  standard: boolean;
}

/**
 * The value a vendor-required field takes for this requester, or null when the requester has not
 * given it. A null here must stop the letter: the vendor would otherwise reject it as incomplete.
 */
export function resolveRequiredField(field: string, requester: Requester): ResolvedField | null {
  const a = requester.address;
  const std = (value: string | undefined): ResolvedField | null =>
    value ? { field, label: fieldLabel(field), value, standard: true } : null;
  const slot = requiredFieldSlot(field);
  switch (slot) {
    case 'name':
      return std(requester.name);
    case 'email':
      return std(requester.email);
    // the identification block gives the email as the way to answer
    case 'contact':
      return std(requester.email);
    case 'request':
      return std('the right named in this letter');
    case 'phone':
      return std(requester.phone);
    case 'address':
      return std(
        a
          ? [a.line1, a.line2, `${a.city}, ${a.region} ${a.postal_code}`, a.country].filter(Boolean).join(', ')
          : undefined,
      );
    case 'postal_code':
      return std(a?.postal_code);
    case 'country':
      return std(a?.country);
    case 'region':
      return std(a?.region);
    case 'city':
      return std(a?.city);
    case null: {
      const value = requester.identifiers?.[field];
      return value ? { field, label: fieldLabel(field), value, standard: false } : null;
    }
  }
}

/** Where a vendor-required field lives in LetterData, so a validation error names the real gap. */
export function requiredFieldPath(field: string): (string | number)[] {
  const slot = requiredFieldSlot(field);
  if (slot === 'phone') return ['requester', 'phone'];
  if (slot === 'address' || slot === 'postal_code' || slot === 'country' || slot === 'region' || slot === 'city')
    return ['requester', 'address'];
  if (slot === 'name') return ['requester', 'name'];
  if (slot === 'email' || slot === 'contact') return ['requester', 'email'];
  return ['requester', 'identifiers', field];
}
