import { AppError } from '../http';

/** 410 Gone for a link that existed but can no longer be used (expired, used, replaced); `reason` says which. */
export class LinkGoneError extends AppError {
  constructor(reason: 'expired' | 'used' | 'replaced' | 'already_verified', detail: string) {
    super('gone', detail, { reason });
  }
}
