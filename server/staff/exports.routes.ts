import { z } from 'zod';
import { utcDate } from '../deadlines';
import { notFound, type ApiRouter } from '../http';
import type { ActionDeps } from './action-support';
import { calendarFeed, rotateCalendarToken } from './calendar.service';
import { staffChange, staffIdOf, staffOnly } from './guards';
import { BUCKETS, listQueue, type Cursor } from './queue.repository';
import { queueFilters } from './queue-filters';

const CSV_COLUMNS = [
  'reference',
  'vendor',
  'vendor_slug',
  'right',
  'jurisdiction',
  'status',
  'channel_type',
  'requester',
  'filed_by',
  'due',
  'days_left',
  'assignee',
] as const;
const PAGE = 500;

/**
 * One CSV cell (RFC 4180): quoted when it holds a quote, comma or line break, quotes doubled. Text that a spreadsheet
 * would run as a formula (= + - @, tab, CR first) is prefixed with an apostrophe; numbers are left as numbers.
 */
function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The queue as CSV (streamed page by page), and each staff member's deadline calendar behind a secret URL. */
export function registerExportRoutes(api: ApiRouter, deps: ActionDeps): void {
  api.route(
    {
      method: 'get',
      path: '/api/staff/queue.csv',
      summary: 'The queue as CSV, with the same filters as /api/staff/queue (all pages, streamed)',
      tags: ['staff'],
      before: staffOnly,
      query: z.object({ bucket: z.enum(BUCKETS).optional(), ...queueFilters }),
      responses: { 200: { description: 'CSV, one row per request', contentType: 'text/csv', schema: z.string() } },
    },
    async ({ query, res }) => {
      const today = utcDate(deps.clock.now());
      res
        .status(200)
        .type('text/csv; charset=utf-8')
        .set('Content-Disposition', `attachment; filename="queue-${today}.csv"`);
      const write = async (line: string) => {
        if (!res.write(`${line}\r\n`)) await new Promise((resolve) => res.once('drain', resolve));
      };
      await write(CSV_COLUMNS.join(','));
      let cursor: Cursor | undefined;
      do {
        const page = await listQueue(deps.db, query, { limit: PAGE, ...(cursor ? { cursor } : {}) }, today);
        for (const row of page.items) {
          await write(CSV_COLUMNS.map((c) => csvCell(c === 'assignee' ? row.assignee?.name : row[c])).join(','));
        }
        const last = page.items[page.items.length - 1];
        cursor = page.next_cursor && last ? { due: last.due, id: last.id } : undefined;
      } while (cursor);
      res.end();
    },
  );
  api.route(
    {
      method: 'post',
      path: '/api/staff/calendar-token',
      summary: 'Create or rotate your calendar feed URL (the old URL stops working); the token is shown only now',
      tags: ['staff'],
      before: staffChange,
      responses: { 200: { description: 'The feed URL', schema: z.object({ url: z.string(), token: z.string() }) } },
    },
    async ({ req }) => {
      const token = await rotateCalendarToken(deps.db, staffIdOf(req), deps.clock.now());
      return { token, url: `${deps.config.publicUrl}/api/staff/calendar/${token}/deadlines.ics` };
    },
  );
  api.route(
    {
      method: 'get',
      path: '/api/staff/calendar/:token/deadlines.ics',
      summary:
        "A staff member's upcoming deadlines (requests assigned to them) as an iCalendar feed; the secret URL is the credential",
      tags: ['staff'],
      params: z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/) }),
      responses: { 200: { description: 'iCalendar', contentType: 'text/calendar', schema: z.string() } },
    },
    async ({ params, res }) => {
      const feed = await calendarFeed(deps, params.token);
      if (feed === undefined) throw notFound('No calendar feed at this address.');
      res.status(200).type('text/calendar; charset=utf-8').set('Cache-Control', 'private, max-age=300').send(feed);
    },
  );
}
