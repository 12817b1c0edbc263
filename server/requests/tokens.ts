import { createHash, randomBytes } from 'node:crypto';

/** A one-time secret for a link: 32 random bytes, base64url. Only its hash is stored. */
export const newToken = (): string => randomBytes(32).toString('base64url');

/** sha256 is enough here (no slow hash needed): the token has 256 bits of entropy, nothing to brute-force. */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export const VERIFICATION_TTL_MS = 48 * 3600 * 1000;
export const ACCESS_TTL_MS = 30 * 24 * 3600 * 1000;
