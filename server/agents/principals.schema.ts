import { z } from 'zod';
import { addressSchema } from '../requests';

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);

export const principalBodySchema = z.object({
  name: text(200),
  email: z.email('must be a valid email address').max(254),
  phone: text(40).optional(),
  address: addressSchema.optional(),
});
export type PrincipalBody = z.infer<typeof principalBodySchema>;

const AUTHORIZATION_STATES = ['none', 'pending', 'valid', 'revoked'] as const;
const authorizationSummarySchema = z.object({
  state: z.enum(AUTHORIZATION_STATES),
  kind: z.enum(['upload', 'e_authorization']).nullable(),
  id: z.number().nullable(),
  confirmed_at: z.string().nullable(),
  uploaded_at: z.string().nullable(),
});
export type AuthorizationSummary = z.infer<typeof authorizationSummarySchema>;

export const principalSchema = z.object({
  id: z.number(),
  name: z.string(),
  email: z.string(),
  authorization: authorizationSummarySchema,
});

export const authorizationSchema = z.object({
  id: z.number(),
  kind: z.enum(['upload', 'e_authorization']),
  state: z.enum(['pending', 'valid', 'revoked']),
  revoked_reason: z.string().nullable(),
  content_type: z.string().nullable(),
  byte_size: z.number().nullable(),
  uploaded_at: z.string().nullable(),
  confirmed_at: z.string().nullable(),
  expires_at: z.string().nullable(),
  created_at: z.string(),
});
export type AuthorizationView = z.infer<typeof authorizationSchema>;

export const principalDetailSchema = principalSchema.extend({
  phone: z.string().nullable(),
  address: addressSchema.nullable(),
  created_at: z.string(),
  authorizations: z.array(authorizationSchema),
});

export const principalListQuery = z.object({
  q: z.string().trim().max(200).optional(),
  cursor: z
    .string()
    .regex(/^\d{1,18}$/, 'a cursor from next_cursor')
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const principalParams = z.object({ id: z.coerce.number().int().positive('a principal id') });
export const authorizationParams = z.object({
  id: z.coerce.number().int().positive('a principal id'),
  authId: z.coerce.number().int().positive('an authorization id'),
});
