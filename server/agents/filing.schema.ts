import { z } from 'zod';
import { intakeBodyFields, requesterSchema, requireACompany, warningSchema } from '../requests';

/** The consumer intake body plus the principal; `requester` defaults to the principal's stored details. */
export const agentFilingBodySchema = requireACompany(
  intakeBodyFields.extend({
    principal_id: z.number().int().positive(),
    requester: requesterSchema.optional(),
  }),
);
export type AgentFilingBody = z.infer<typeof agentFilingBodySchema>;

const channel = z.object({ type: z.string(), value: z.string() }).nullable();

export const agentFilingResponseSchema = z.object({
  submission_id: z.uuid(),
  status: z.literal('filed'),
  principal_id: z.number(),
  authorization_id: z.number(),
  jurisdiction: z.string(),
  requests: z.array(
    z.object({
      id: z.number(),
      reference: z.string(),
      vendor: z.string(),
      right: z.string(),
      status: z.string(),
      channel,
    }),
  ),
  warnings: z.array(warningSchema),
  /** unlisted companies named: their requests (status needs_research) wait until staff confirm a contact */
  unlisted: z.array(
    z.object({
      name: z.string(),
      website: z.string().nullable(),
      contact: z.string().nullable(),
      status: z.literal('needs_research'),
    }),
  ),
});
export type AgentFilingResponse = z.infer<typeof agentFilingResponseSchema>;
