/**
 * Vendor replies as people read them: the whole text, the HTML made safe, and the attachments (decrypted only on
 * download). Staff see every message; a consumer sees the replies to their own requests.
 */
import type { Knex } from 'knex';
import sanitizeHtml from 'sanitize-html';
import { z } from 'zod';
import type { Config } from '../config';
import { recordEvent } from '../events';
import { notFound } from '../http';
import { decrypt } from '../shared/encryption';

/**
 * The allow-list: structure and text formatting only. No images (a remote image is a tracking pixel, and a data: one
 * can hide anything), no styles, no scripts, no forms, no frames, no event handlers, no classes or ids. Links keep
 * only http(s) and mailto targets and open outside the portal without a referrer.
 */
const POLICY: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'div',
    'span',
    'b',
    'i',
    'u',
    'strong',
    'em',
    'small',
    'sub',
    'sup',
    's',
    'ul',
    'ol',
    'li',
    'blockquote',
    'pre',
    'code',
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'hr',
    'table',
    'thead',
    'tbody',
    'tfoot',
    'tr',
    'th',
    'td',
    'caption',
    'a',
    'dl',
    'dt',
    'dd',
  ],
  allowedAttributes: { a: ['href', 'rel', 'target'], td: ['colspan', 'rowspan'], th: ['colspan', 'rowspan'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // the content of these is code or hidden data, not text for a reader
  nonTextTags: [
    'script',
    'style',
    'textarea',
    'option',
    'noscript',
    'head',
    'title',
    'template',
    'iframe',
    'object',
    'svg',
    'math',
  ],
  transformTags: {
    a: (tagName, attribs) => ({
      tagName,
      attribs: { ...attribs, rel: 'noopener noreferrer nofollow', target: '_blank' },
    }),
  },
};

/** HTML from a vendor reduced to the allow-list above; null when there was none. */
function sanitizeReplyHtml(html: string | null | undefined): string | null {
  if (!html) return null;
  return sanitizeHtml(html, POLICY).trim() || null;
}

export interface ReplyView {
  id: number;
  kind: string;
  from_address: string | null;
  subject: string | null;
  received_at: string;
  threaded_by: string | null;
  text_body: string | null;
  /** the HTML part after the allow-list (no remote content, no scripts, styles or handlers); null when there was none */
  html_sanitized: string | null;
  attachments: { id: number; filename: string | null; content_type: string; size_bytes: number; url: string }[];
}

/** `ReplyView` as the API documents it. */
export const replyViewSchema = z.object({
  id: z.number(),
  kind: z.string(),
  from_address: z.string().nullable(),
  subject: z.string().nullable(),
  received_at: z.string(),
  threaded_by: z.string().nullable(),
  text_body: z.string().nullable(),
  html_sanitized: z
    .string()
    .nullable()
    .describe('the HTML part after the allow-list (no remote content, scripts, styles or handlers)'),
  attachments: z.array(
    z.object({
      id: z.number(),
      filename: z.string().nullable(),
      content_type: z.string(),
      size_bytes: z.number(),
      url: z.string(),
    }),
  ),
}) satisfies z.ZodType<ReplyView>;

/** One inbound message for staff (`inboundMessageForStaff`). */
export const inboundMessageSchema = replyViewSchema.extend({
  envelope_to: z.array(z.string()),
  parse_error: z.string().nullable(),
  request: z.object({ id: z.number(), reference: z.string() }).nullable(),
  attached_at: z.string().nullable(),
});

/** A page of the unmatched mail inbox (`listUnmatchedMail`): excerpts, not whole messages. */
export const unmatchedMailPageSchema = z.object({
  items: z.array(replyViewSchema.omit({ text_body: true, html_sanitized: true }).extend({ excerpt: z.string() })),
  next_cursor: z.string().nullable(),
});

const MESSAGE_COLUMNS = [
  'id',
  'kind',
  'request_id',
  'from_address',
  'subject',
  'received_at',
  'threaded_by',
  'text_body',
  'html_body',
  'envelope_to',
  'attached_at',
];

async function toViews(
  db: Knex,
  rows: Record<string, unknown>[],
  urlFor: (messageId: number, attachmentId: number) => string,
): Promise<ReplyView[]> {
  const ids = rows.map((r) => r.id as number);
  const attachments = ids.length
    ? await db('inbound_attachments')
        .whereIn('inbound_message_id', ids)
        .orderBy('id')
        .select('id', 'inbound_message_id', 'filename', 'content_type', 'size_bytes')
    : [];
  return rows.map((r) => ({
    id: Number(r.id),
    kind: r.kind as string,
    from_address: (r.from_address as string | null) ?? null,
    subject: (r.subject as string | null) ?? null,
    received_at: new Date(r.received_at as string).toISOString(),
    threaded_by: (r.threaded_by as string | null) ?? null,
    text_body: (r.text_body as string | null) ?? null,
    html_sanitized: r.kind === 'unparsed' ? null : sanitizeReplyHtml(r.html_body as string | null),
    attachments: attachments
      .filter((a) => Number(a.inbound_message_id) === Number(r.id))
      .map((a) => ({
        id: Number(a.id),
        filename: a.filename,
        content_type: a.content_type,
        size_bytes: a.size_bytes,
        url: urlFor(Number(r.id), Number(a.id)),
      })),
  }));
}

/** Every message threaded to a request, oldest first. `audience` decides the download links (and what is shown). */
export async function repliesForRequest(
  db: Knex,
  requestId: number,
  audience: 'staff' | 'consumer',
): Promise<ReplyView[]> {
  const rows = await db('inbound_messages')
    .where({ request_id: requestId })
    .modify((q) => (audience === 'consumer' ? q.where({ kind: 'reply' }) : q))
    .orderBy(['received_at', 'id'])
    .select(MESSAGE_COLUMNS);
  return toViews(db, rows, (m, a) =>
    audience === 'staff'
      ? `/api/staff/inbound/${m}/attachments/${a}`
      : `/api/requests/${requestId}/replies/${m}/attachments/${a}`,
  );
}

/** One inbound message for staff, whole, with the request it is attached to (if any). */
export async function inboundMessageForStaff(db: Knex, id: number) {
  const row = await db('inbound_messages')
    .where({ id })
    .first([...MESSAGE_COLUMNS, 'parse_error']);
  if (!row) throw notFound(`No inbound message ${id}.`);
  const [view] = await toViews(db, [row], (m, a) => `/api/staff/inbound/${m}/attachments/${a}`);
  const request = row.request_id ? await db('requests').where({ id: row.request_id }).first('id', 'reference') : null;
  return {
    ...view!,
    envelope_to: row.envelope_to as string[],
    parse_error: (row.parse_error as string | null) ?? null,
    request: request ? { id: Number(request.id), reference: request.reference as string } : null,
    attached_at: row.attached_at ? new Date(row.attached_at).toISOString() : null,
  };
}

/** Mail that reached us but belongs to no request (no reply address, In-Reply-To or reference matched): newest first. */
export async function listUnmatchedMail(db: Knex, options: { limit: number; before?: number }) {
  const rows = await db('inbound_messages')
    .whereNull('request_id')
    .whereNot({ kind: 'bounce' })
    .modify((q) => (options.before ? q.where('id', '<', options.before) : q))
    .orderBy('id', 'desc')
    .limit(options.limit + 1)
    .select(MESSAGE_COLUMNS);
  const page = rows.slice(0, options.limit);
  const views = await toViews(db, page, (m, a) => `/api/staff/inbound/${m}/attachments/${a}`);
  return {
    items: views.map((v) => ({
      ...v,
      text_body: undefined,
      html_sanitized: undefined,
      excerpt: (v.text_body ?? '').replace(/\s+/g, ' ').trim().slice(0, 300),
    })),
    next_cursor: rows.length > options.limit ? String(page[page.length - 1]!.id) : null,
  };
}

export interface AttachmentDownload {
  filename: string;
  contentType: string;
  content: Buffer;
  requestId: number | null;
}

/**
 * Opens one attachment. `requestId` restricts it to a message threaded to that request (the consumer's route);
 * anything else answers 404 as if it did not exist.
 */
export async function openAttachment(
  db: Knex,
  config: Config,
  input: { messageId: number; attachmentId: number; requestId?: number; repliesOnly?: boolean },
): Promise<AttachmentDownload> {
  const row = await db('inbound_attachments as a')
    .join('inbound_messages as m', 'm.id', 'a.inbound_message_id')
    .where({ 'a.id': input.attachmentId, 'm.id': input.messageId })
    .modify((q) => (input.requestId !== undefined ? q.where('m.request_id', input.requestId) : q))
    .modify((q) => (input.repliesOnly ? q.where('m.kind', 'reply') : q))
    .first('a.filename', 'a.content_type', 'a.sealed_content', 'm.request_id');
  if (!row) throw notFound('No such attachment.');
  return {
    filename: safeFilename(row.filename, input.attachmentId),
    contentType: row.content_type || 'application/octet-stream',
    content: decrypt(config.appSecret, 'reply-attachment', row.sealed_content),
    requestId: row.request_id ? Number(row.request_id) : null,
  };
}

/** The audited record of one attachment download (by the consumer on their request, or by staff). */
export async function recordAttachmentDownload(
  db: Knex,
  download: {
    subject: { type: 'request' | 'inbound_message'; id: number };
    actor: { type: 'consumer' } | { type: 'staff'; id: number };
    messageId: number;
    attachmentId: number;
    at: Date;
  },
): Promise<void> {
  await recordEvent(db, {
    type: 'reply_attachment_downloaded',
    subjectType: download.subject.type,
    subjectId: download.subject.id,
    actor: download.actor,
    at: download.at,
    payload: { inbound_message_id: download.messageId, attachment_id: download.attachmentId },
  });
}

/** A name that cannot break out of a Content-Disposition header. */
function safeFilename(name: string | null | undefined, id: number): string {
  const cleaned = (name ?? '')
    .replace(/[^\w.\- ()]+/g, '_')
    .replace(/^\.+/, '')
    .slice(0, 120);
  return cleaned || `attachment-${id}`;
}

/** The download headers every attachment route uses: never rendered inline by the browser. */
export function sendAttachment(res: import('express').Response, file: AttachmentDownload): void {
  res
    .type('application/octet-stream')
    .set('Content-Disposition', `attachment; filename="${file.filename}"`)
    .set('X-Content-Type-Options', 'nosniff')
    .set('X-Original-Content-Type', file.contentType.replace(/[^\w/.+-]/g, ''))
    .send(file.content);
}
