import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Documents at rest (reply attachments, signed authorizations, ID copies, letter PDFs) are sealed with AES-256-GCM under a key
 * derived per purpose from APP_SECRET with HKDF, so one leaked purpose key does not open the others.
 * Layout: version byte (1) | 12-byte IV | 16-byte auth tag | ciphertext.
 */
const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export type EncryptionPurpose =
  | 'reply-attachment'
  | 'agent-authorization'
  | 'identity-document'
  | 'consumer-document'
  | 'letter-pdf'
  | 'drp-agent-key'
  | 'drp-token';

function keyFor(secret: string, purpose: EncryptionPurpose): Buffer {
  return Buffer.from(
    hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.alloc(0), `drp:${purpose}:v${VERSION}`, 32),
  );
}

export function encrypt(secret: string, purpose: EncryptionPurpose, plaintext: Buffer): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keyFor(secret, purpose), iv);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
}

export class DecryptionError extends Error {}

export function decrypt(secret: string, purpose: EncryptionPurpose, sealed: Buffer): Buffer {
  if (sealed.length < 1 + IV_BYTES + TAG_BYTES || sealed[0] !== VERSION)
    throw new DecryptionError('not a sealed document of a known version');
  const iv = sealed.subarray(1, 1 + IV_BYTES);
  const tag = sealed.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', keyFor(secret, purpose), iv);
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(sealed.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]);
  } catch {
    throw new DecryptionError('the document was altered or sealed with another key');
  }
}

/** A letter's PDF (it names the requester and their address) as stored in `letters.pdf`. */
export function sealLetterPdf(secret: string, pdf: Buffer): Buffer {
  return encrypt(secret, 'letter-pdf', pdf);
}

/**
 * The PDF of a stored letter. Letters stored before PDFs were sealed start with "%PDF" (a sealed one starts with the
 * version byte) and are answered as they are until `npm run db:migrate` seals them; an erased letter is empty.
 */
export function openLetterPdf(secret: string, stored: Buffer): Buffer {
  if (stored.length === 0 || isPlainPdf(stored)) return stored;
  return decrypt(secret, 'letter-pdf', stored);
}

function isPlainPdf(stored: Buffer): boolean {
  return stored.subarray(0, 4).toString('latin1') === '%PDF';
}
