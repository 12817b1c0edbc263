import { AppError } from '../http';

/**
 * 410 Gone for a link that existed but can no longer be used (expired, used, replaced). The shared error table has
 * no 410 code yet, so this reuses `not_found` for the stable code family and overrides status and title; the
 * specific reason is in `reason`.
 */
export class LinkGoneError extends AppError {
  override readonly status = 410;
  constructor(reason: 'expired' | 'used' | 'replaced' | 'already_verified', detail: string) {
    super('not_found', detail, { status: 410, title: 'Link no longer valid', reason });
  }
}
