import { z } from 'zod';
import { multiLine, multiLineText } from '../http';
import { LETTER_LANGUAGES } from '../shared/languages';
import { RIGHT_NAMES, type RightName } from '../shared/legal-vocabulary';

/** A submission may name at most this many vendors: beyond it, a form is more likely abuse than a person. */
const MAX_VENDORS = 50;

/** Consumer vocabulary: the concrete right codes plus `opt_out`, which each jurisdiction maps to its own right. */
export const CONSUMER_RIGHTS = RIGHT_NAMES;
export type ConsumerRight = RightName;

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);

export const addressSchema = z.object({
  line1: text(200),
  line2: text(200).optional(),
  city: text(100),
  region: text(100),
  postal_code: text(20),
  country: text(100),
});

export const requesterSchema = z.object({
  name: text(200),
  email: z.email('must be a valid email address').max(254),
  phone: text(40).optional(),
  address: addressSchema.optional(),
  /** values for identifiers a vendor requires beyond name, email, phone and address, keyed by the registry's name */
  identifiers: z.record(z.string().regex(/^[a-z][a-z0-9_]{0,39}$/), text(200)).optional(),
});

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,79}$/, 'a vendor slug: lower-case letters, digits and dashes');

/** A company the registry does not list, as the consumer or agent knows it: a lead for staff, never a channel. */
const unlistedVendorSchema = z.object({
  name: text(200),
  website: z
    .string()
    .trim()
    .max(300)
    .regex(
      /^(https?:\/\/)?[a-z0-9-]+(\.[a-z0-9-]+)+([/:?#]\S*)?$/i,
      'a web address, e.g. example.com or https://example.com',
    )
    .optional(),
  /** any contact they know (an address, a phone number, a form): staff confirm it before anything is sent */
  contact: text(500).optional(),
});
export type UnlistedVendor = z.infer<typeof unlistedVendorSchema>;
const MAX_UNLISTED = 5;

export const NAME_A_COMPANY = 'name at least one vendor, or a company that is not listed (unlisted_vendors)';

/** At least one vendor or unlisted company (the body may be malformed here: other fields are checked alongside). */
function namesACompany(body: { vendors?: unknown; unlisted_vendors?: unknown }): boolean {
  const count = (v: unknown) => (Array.isArray(v) ? v.length : 0);
  return !Array.isArray(body.vendors) || count(body.vendors) + count(body.unlisted_vendors) > 0;
}

/** The intake body's fields; `intakeBodySchema` adds the rule that it names a company (extend this one). */
export const intakeBodyFields = z.object({
  requester: requesterSchema,
  // Shape only: the rules check answers with the list of supported jurisdictions.
  jurisdiction: z.string().trim().min(1).max(10),
  rights: z.array(z.enum(CONSUMER_RIGHTS)).min(1, 'name at least one right').max(CONSUMER_RIGHTS.length),
  // at least one vendor or unlisted company (checked with the registry, rules-check.ts)
  vendors: z.array(slug).max(MAX_VENDORS, `at most ${MAX_VENDORS} vendors per submission`),
  unlisted_vendors: z
    .array(unlistedVendorSchema)
    .max(MAX_UNLISTED, `at most ${MAX_UNLISTED} unlisted companies per submission`)
    .optional()
    .describe(
      'companies not in the registry ("my company isn\'t listed"): their requests wait until staff confirm a contact',
    ),
  details: multiLineText(5000).optional(),
  corrections: z
    .array(z.object({ field: text(100), current: multiLine(text(1000)).optional(), corrected: multiLine(text(1000)) }))
    .max(20)
    .optional(),
  global_privacy_control: z
    .boolean()
    .optional()
    .describe(
      "the web client's reading of navigator.globalPrivacyControl; recorded with the Sec-GPC header as evidence that the " +
        "consumer's browser sends Global Privacy Control, which opt-out letters state (with the law that makes it an opt-out)",
    ),
  language: z
    .enum(LETTER_LANGUAGES)
    .optional()
    .describe(
      "the consumer's language (ISO 639-1): their copy of each letter is written in it when the company's letter is in " +
        "another. Absent: the first of these languages in the request's Accept-Language header, else English.",
    ),
  confirm_duplicates: z
    .boolean()
    .optional()
    .describe(
      'agents (POST /api/agent/requests): file although you already filed an open request for this principal, vendor and right. ' +
        'A consumer submission ignores it: open requests are listed in the verification email, and following its link confirms.',
    ),
});

/** Adds the rule that a body names at least one vendor or unlisted company (to a schema of intake fields). */
export function requireACompany<S extends z.ZodType<{ vendors: string[]; unlisted_vendors?: unknown[] }>>(schema: S) {
  return schema.refine(namesACompany, {
    path: ['vendors'],
    message: NAME_A_COMPANY,
    // checked even when other fields are wrong, so one 422 names every problem
    when: (payload) => typeof payload.value === 'object' && payload.value !== null,
  });
}

export const intakeBodySchema = requireACompany(intakeBodyFields);
export type IntakeBody = z.infer<typeof intakeBodySchema>;

export const warningSchema = z.object({
  code: z.enum([
    'routing',
    'consequence',
    'does_not_sell',
    'no_usable_contact',
    'contact_gap',
    'duplicate_confirmed',
    'no_fixed_deadline',
    'drop_available',
  ]),
  vendor: z.string().nullable(),
  message: z.string(),
  citation: z.object({ fact_id: z.number().nullable(), quote: z.string() }).nullable(),
});
export type IntakeWarning = z.infer<typeof warningSchema>;

const channelSchema = z.object({ type: z.enum(['email', 'postal', 'webform', 'phone']), value: z.string() });

export const intakeResponseSchema = z.object({
  submission_id: z.uuid(),
  status: z.literal('pending_verification'),
  jurisdiction: z.string(),
  planned: z.array(
    z.object({
      vendor: z.string(),
      right: z.string(),
      requested_as: z.string(),
      channel: channelSchema.nullable(),
      warnings: z.array(warningSchema),
    }),
  ),
  warnings: z.array(warningSchema),
  /** the unlisted companies named: staff look up and confirm a contact before anything is sent to them */
  unlisted: z.array(
    z.object({
      name: z.string(),
      website: z.string().nullable(),
      contact: z.string().nullable(),
      status: z.literal('needs_research'),
    }),
  ),
  verification: z.object({ expires_at: z.string() }),
});
export type IntakeResponse = z.infer<typeof intakeResponseSchema>;

export const verifyBodySchema = z.object({ token: z.string().min(16).max(128) });
export const submissionParamsSchema = z.object({ id: z.uuid('a submission id (UUID)') });
