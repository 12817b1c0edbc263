import { z } from 'zod';
import { multiLine, multiLineText } from '../http';
import { RIGHT_NAMES, type RightName } from '../shared/legal-vocabulary';

/** A submission may name at most this many vendors: beyond it, a form is more likely abuse than a person. */
export const MAX_VENDORS = 50;

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

export const intakeBodySchema = z.object({
  requester: requesterSchema,
  // Shape only: the rules check answers with the list of supported jurisdictions.
  jurisdiction: z.string().trim().min(1).max(10),
  rights: z.array(z.enum(CONSUMER_RIGHTS)).min(1, 'name at least one right').max(CONSUMER_RIGHTS.length),
  vendors: z.array(slug).min(1, 'name at least one vendor').max(MAX_VENDORS, `at most ${MAX_VENDORS} vendors per submission`),
  details: multiLineText(5000).optional(),
  corrections: z
    .array(z.object({ field: text(100), current: multiLine(text(1000)).optional(), corrected: multiLine(text(1000)) }))
    .max(20)
    .optional(),
  confirm_duplicates: z
    .boolean()
    .optional()
    .describe(
      'agents (POST /api/agent/requests): file although you already filed an open request for this principal, vendor and right. ' +
        'A consumer submission ignores it: open requests are listed in the verification email, and following its link confirms.',
    ),
});
export type IntakeBody = z.infer<typeof intakeBodySchema>;

export const warningSchema = z.object({
  code: z.enum(['routing', 'consequence', 'does_not_sell', 'no_usable_contact', 'contact_gap', 'duplicate_confirmed', 'no_fixed_deadline']),
  vendor: z.string().nullable(),
  message: z.string(),
  citation: z.object({ fact_id: z.number().nullable(), quote: z.string() }).nullable(),
});
export type IntakeWarning = z.infer<typeof warningSchema>;

export const channelSchema = z.object({ type: z.enum(['email', 'postal', 'webform', 'phone']), value: z.string() });

export const intakeResponseSchema = z.object({
  submission_id: z.uuid(),
  status: z.literal('pending_verification'),
  jurisdiction: z.string(),
  planned: z.array(
    z.object({ vendor: z.string(), right: z.string(), requested_as: z.string(), channel: channelSchema.nullable(), warnings: z.array(warningSchema) }),
  ),
  warnings: z.array(warningSchema),
  verification: z.object({ expires_at: z.string() }),
});
export type IntakeResponse = z.infer<typeof intakeResponseSchema>;

export const verifyBodySchema = z.object({ token: z.string().min(16).max(128) });
export const submissionParamsSchema = z.object({ id: z.uuid('a submission id (UUID)') });
