import { z } from 'zod';

/** The queue's filters, shared by the queue, its counts and its CSV export so the three always agree. */
export const queueFilters = {
  assignee: z.union([z.literal('none'), z.coerce.number().int().positive()]).optional(),
  vendor: z
    .string()
    .regex(/^[a-z0-9-]{1,80}$/)
    .optional(),
  jurisdiction: z
    .string()
    .regex(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/, 'an ISO 3166 code such as US-CA or SE')
    .optional(),
  right: z
    .string()
    .regex(/^[a-z_]{2,40}$/)
    .optional(),
  q: z.string().trim().max(40).optional(),
};
