export const MAX_INPUT_BYTES = 5 * 1024 * 1024;

export type InputErrorCode = 'binary' | 'too_large';

/** Input that cannot be a policy at all; callers turn it into a 4xx / exit code 2. */
export class PolicyInputError extends Error {
  constructor(
    readonly code: InputErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PolicyInputError';
  }
}

/** Decode bytes as UTF-8, refusing binary files and inputs over the size limit. */
export function decodeInput(raw: string | Buffer): string {
  const size = typeof raw === 'string' ? Buffer.byteLength(raw, 'utf8') : raw.length;
  if (size > MAX_INPUT_BYTES) {
    throw new PolicyInputError('too_large', `input is ${size} bytes; the limit is ${MAX_INPUT_BYTES} bytes (5 MB)`);
  }
  const text = typeof raw === 'string' ? raw : raw.toString('utf8');
  const sample = text.slice(0, 65536);
  if (sample.length === 0) return text;
  let nul = 0;
  let bad = 0;
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0) nul++;
    else if (c === 0xfffd) bad++;
    else if (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) control++;
  }
  if (nul > 0 || bad / sample.length > 0.05 || control / sample.length > 0.1) {
    throw new PolicyInputError('binary', 'input looks binary (NUL bytes or invalid UTF-8), not a policy text');
  }
  return text;
}
