import type { ZodType, z } from 'zod';
import { validationFailed, type FieldError } from './errors';

/** Parses with zod; failures become one 422 problem listing every field (dotted path) and what is wrong with it. */
export function parseOrThrow<T extends ZodType>(schema: T, value: unknown, prefix: string): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors: FieldError[] = result.error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    return { field: [prefix, path].filter(Boolean).join('.') || 'body', message: issue.message };
  });
  throw validationFailed(errors);
}
