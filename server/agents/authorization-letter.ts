import { createHash, createHmac, hkdfSync } from 'node:crypto';
import PDFDocument from 'pdfkit';
import { unicodeWriter } from '../mail/letter-pdf';

/**
 * What a principal authorizes (shown before they confirm, and printed in the letter they sign). The principal is the one
 * speaking ("I, ..., authorize ... to act as my authorized agent: ..."), so it says "in my name".
 */
export const AUTHORIZATION_SCOPE = {
  description:
    'to send data-rights requests (access, deletion, correction, portability, opt-out of sale or sharing, objection) ' +
    'in my name to any business, and to receive and answer the businesses’ replies about those requests',
  rights: ['access', 'deletion', 'correction', 'portability', 'opt_out_sale', 'objection'] as const,
};

/** The facts of a confirmation; their canonical JSON is what the HMAC signs. */
export interface ConfirmationRecord {
  authorization_id: number;
  agent: { account_id: number; name: string; organisation: string | null; email: string };
  principal: { id: number; name: string; email: string };
  scope: string;
  link_sent_at: string;
  confirmed_at: string;
  ip: string;
  user_agent: string;
}

/** Sorted keys, no whitespace: the same record always gives the same bytes. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A key of its own, derived from APP_SECRET, so the signature key is not also an encryption key. */
const signingKey = (secret: string) =>
  Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.alloc(0), 'drp:authorization-signature:v1', 32));

export function signRecord(
  secret: string,
  record: ConfirmationRecord,
): { sha256: string; hmac: string; canonical: string } {
  const text = canonical(record);
  return {
    canonical: text,
    sha256: createHash('sha256').update(text).digest('hex'),
    hmac: createHmac('sha256', signingKey(secret)).update(text).digest('hex'),
  };
}

/** The signed authorization letter: the confirmation record in words, then its canonical form, hash and HMAC. */
export function renderAuthorizationLetter(
  record: ConfirmationRecord,
  signature: { sha256: string; hmac: string; canonical: string },
): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    info: { Title: 'Authorization of an agent', Subject: `Authorization ${record.authorization_id}` },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const agent = `${record.agent.name}${record.agent.organisation ? ` (${record.agent.organisation})` : ''}, ${record.agent.email}`;
  const statement = `I, ${record.principal.name} (${record.principal.email}), authorize ${agent} to act as my authorized agent: ${record.scope}.`;
  const rows: [string, string][] = [
    ['Authorization', String(record.authorization_id)],
    ['Principal', `${record.principal.name} <${record.principal.email}>`],
    ['Agent', agent],
    ['Link sent', record.link_sent_at],
    ['Confirmed', record.confirmed_at],
    ['From IP address', record.ip],
    ['User agent', record.user_agent],
  ];
  // names are printed in their own script (山田 太郎, not "?? ??"), like the letters
  const write = unicodeWriter(doc, [statement, ...rows.map(([, v]) => v), signature.canonical]);
  doc.font('Helvetica-Bold').fontSize(16).text('Authorization of an agent');
  doc.moveDown();
  doc.fontSize(11);
  write(statement, 'regular', { lineGap: 2 });
  doc.moveDown();
  write(
    'I confirmed this electronically through a one-time link sent to my email address. The record of my confirmation:',
    'regular',
    { lineGap: 2 },
  );
  doc.moveDown(0.5);
  for (const [label, value] of rows) {
    write(`${label}: `, 'bold', { continued: true });
    write(value, 'regular', {});
  }
  doc.moveDown();
  doc.font('Helvetica-Bold').fontSize(10).text('Signature');
  doc.font('Helvetica').fontSize(9);
  doc.text(
    'The record below, in canonical JSON, is signed by the Data Rights Portal with HMAC-SHA256 under its own key; any change to it changes the signature.',
  );
  doc.moveDown(0.5);
  doc.fontSize(7.5);
  write(signature.canonical, 'regular', {});
  doc.moveDown(0.5);
  doc.font('Courier').fontSize(8.5).text(`SHA-256: ${signature.sha256}`).text(`HMAC-SHA256: ${signature.hmac}`);
  doc.end();
  return done;
}
