import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/**
 * DRP 1.0 §3.07.1: requests are signed with Ed25519 by "prepending the JSON document with the signature (so-called
 * 'combined mode' libsodium APIs will do this by default), base64 encoding the resulting binary buffer" and sent as
 * text/plain. Node's crypto does the Ed25519; the combined-mode layout (64-byte signature || message) is built here.
 * Keys are exchanged as libsodium keys are: the 32-byte seed (signing key) and the 32-byte public key (verify key),
 * base64 (§3.05.1; 0.9.1 moved verify keys from hex to base64). test/unit/drp-signing.test.ts checks this against a
 * vector made with PyNaCl (libsodium).
 */
const SIGNATURE_BYTES = 64;
// DER prefixes of an Ed25519 PKCS#8 private key and SPKI public key (RFC 8410), followed by the 32 raw bytes
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export function signingKeyFromSeed(seed: Buffer): KeyObject {
  if (seed.length !== 32) throw new Error('an Ed25519 seed is 32 bytes');
  return createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

export function verifyKeyFromRaw(raw: Buffer): KeyObject {
  if (raw.length !== 32) throw new Error('an Ed25519 verify key is 32 bytes');
  return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

/** The raw 32-byte public key of a signing key, base64 (what the agent directory publishes as `verify_key`). */
export function verifyKeyBase64(signingKey: KeyObject): string {
  const der = createPublicKey(signingKey).export({ format: 'der', type: 'spki' });
  return der.subarray(SPKI_PREFIX.length).toString('base64');
}

/** libsodium `crypto_sign` (combined mode), base64: signature || message. */
export function signCombined(signingKey: KeyObject, message: Buffer): string {
  const signature = sign(null, message, signingKey);
  return Buffer.concat([signature, message]).toString('base64');
}

/** The signed JSON of a DRP message: the object serialized once, so the bytes signed are the bytes sent. */
export function signJson(signingKey: KeyObject, body: Record<string, unknown>): string {
  return signCombined(signingKey, Buffer.from(JSON.stringify(body), 'utf8'));
}

export type OpenResult =
  { ok: true; message: Buffer } | { ok: false; reason: 'not_base64' | 'too_short' | 'bad_signature' };

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** libsodium `crypto_sign_open`: the message if the signature at the head of the decoded buffer verifies. */
export function openCombined(verifyKey: KeyObject, base64: string): OpenResult {
  const text = base64.trim();
  if (!BASE64.test(text) || text.length % 4 !== 0) return { ok: false, reason: 'not_base64' };
  const buffer = Buffer.from(text, 'base64');
  if (buffer.length < SIGNATURE_BYTES) return { ok: false, reason: 'too_short' };
  const signature = buffer.subarray(0, SIGNATURE_BYTES);
  const message = buffer.subarray(SIGNATURE_BYTES);
  return verify(null, message, verifyKey, signature) ? { ok: true, message } : { ok: false, reason: 'bad_signature' };
}
