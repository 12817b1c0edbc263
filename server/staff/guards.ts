import type { Request } from 'express';
import { requireCsrf, requireRole } from '../auth';
import { AppError } from '../http';

/** Reads need a staff or admin session; changes also need the session's CSRF token. */
export const staffOnly = [requireRole('staff', 'admin')];
export const staffChange = [requireRole('staff', 'admin'), requireCsrf];

/** The signed-in staff member's account id (the guards ran, so it is there). */
export function staffIdOf(req: Request): number {
  const id = req.user?.id;
  if (!id) throw new AppError('unauthenticated', 'Sign in to continue.');
  return Number(id);
}
