/**
 * Each staff member's deadline calendar (RFC 5545), read by calendar apps that cannot sign in: the secret in the URL is
 * the credential, so it is random (256 bits), stored only as its SHA-256, and rotating it revokes the old URL. Calendar
 * providers keep what they fetch, so the feed carries references, vendors and dates, never the requester's name.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { addCalendarDays, utcDate } from '../deadlines';
import type { ActionDeps } from './action-support';

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

export async function rotateCalendarToken(db: Knex, accountId: number, now: Date): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db('calendar_tokens')
    .insert({ account_id: accountId, token_hash: hash(token), created_at: now })
    .onConflict('account_id')
    .merge(['token_hash', 'created_at']);
  return token;
}

/** Escapes TEXT values (RFC 5545 §3.3.11). */
const text = (s: string) => s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');

/** Folds content lines longer than 75 octets (RFC 5545 §3.1), never splitting a UTF-8 character. */
function fold(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch);
    if (octets + size > (out.length === 0 ? 75 : 74)) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

const compact = (day: string) => day.replace(/-/g, '');
const stamp = (d: Date) => `${d.toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`;

/** The feed for a token, or undefined when the token is unknown or its account may no longer see the queue. */
export async function calendarFeed(deps: ActionDeps, token: string): Promise<string | undefined> {
  const account = await deps
    .db('calendar_tokens as t')
    .join('accounts as a', 'a.id', 't.account_id')
    .where('t.token_hash', hash(token))
    .whereIn('a.role', ['staff', 'admin'])
    .whereNull('a.disabled_at')
    .first('a.id');
  if (!account) return undefined;
  const now = deps.clock.now();
  const today = utcDate(now);
  const rows: { id: number; reference: string; right: string; status: string; due_on: string; vendor: string }[] =
    await deps
      .db('requests as r')
      .join('vendors as v', 'v.id', 'r.vendor_id')
      .where('r.assignee_id', account.id)
      .where('r.due_on', '>=', today)
      .orderBy('r.due_on')
      .orderBy('r.id')
      .limit(2000)
      .select('r.id', 'r.reference', 'r.right', 'r.status', 'r.due_on', 'v.name as vendor');
  const domain = deps.config.replyDomain;
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Data Rights Portal//Staff deadlines//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'X-WR-CALNAME:Data rights deadlines',
    ...rows.flatMap((r) => [
      'BEGIN:VEVENT',
      // One event per request: a new due date (extension) updates it rather than adding another.
      `UID:request-${r.id}@${domain}`,
      `DTSTAMP:${stamp(now)}`,
      `DTSTART;VALUE=DATE:${compact(r.due_on)}`,
      `DTEND;VALUE=DATE:${compact(addCalendarDays(r.due_on, 1))}`,
      `SUMMARY:${text(`Due: ${r.reference} ${r.vendor} (${r.right})`)}`,
      `DESCRIPTION:${text(`${r.reference}: ${r.right} request to ${r.vendor}, ${r.status}. ${deps.config.publicUrl}/staff/requests/${r.id}`)}`,
      `URL:${deps.config.publicUrl}/staff/requests/${r.id}`,
      'TRANSP:TRANSPARENT',
      'END:VEVENT',
    ]),
    'END:VCALENDAR',
  ];
  return `${lines.map(fold).join('\r\n')}\r\n`;
}
