import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Each request gets its own reply address, reply+<reference>.<tag>@<reply domain>; the tag (an HMAC of the
 * reference) stops anyone from threading mail onto a request by guessing its reference.
 */
const REFERENCE = /^DR-\d{4}-\d{6,}$/;

function tagFor(reference: string, secret: string): string {
  return createHmac('sha256', secret).update(`reply:${reference}`).digest('hex').slice(0, 12);
}

export function replyAddressFor(reference: string, secret: string, domain: string): string {
  return `reply+${reference.toLowerCase()}.${tagFor(reference, secret)}@${domain}`;
}

/** The request reference an address belongs to, or undefined when it is not a valid reply address. */
export function referenceFromReplyAddress(address: string, secret: string, domain: string): string | undefined {
  const match = /^reply\+(dr-\d{4}-\d{6,})\.([0-9a-f]{12})@(.+)$/i.exec(address.trim());
  if (!match || match[3]!.toLowerCase() !== domain.toLowerCase()) return undefined;
  const reference = match[1]!.toUpperCase();
  if (!REFERENCE.test(reference)) return undefined;
  const expected = Buffer.from(tagFor(reference, secret));
  const given = Buffer.from(match[2]!.toLowerCase());
  return expected.length === given.length && timingSafeEqual(expected, given) ? reference : undefined;
}

/** A request reference quoted in a subject line, e.g. "RE: Access request [DR-2026-000123]". */
export function referenceInSubject(subject: string | undefined): string | undefined {
  return subject ? /\bDR-\d{4}-\d{6,}\b/i.exec(subject)?.[0].toUpperCase() : undefined;
}
