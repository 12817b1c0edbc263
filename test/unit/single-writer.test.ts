/**
 * `requests.status` has one writer: `changeRequestStatus` in server/requests/request-status.ts, which checks the
 * lifecycle table on every call. This test reads every server source file and fails, naming the file and line, when
 * anything else updates the column: a knex `.update({ status ... })` (or `.update('status', ...)`) on a `requests`
 * query (aliases such as `requests as r` included), or raw SQL `update requests [as] r set ... status = ...`.
 * Migrations are not scanned (they may repair data; the closed_at trigger keeps it consistent).
 */
import fs from 'node:fs';
import path from 'node:path';
import { chainBefore, lineOf, sourceFiles, stripComments, TABLE_CALL } from '../setup/source-scan';

const ROOT = path.resolve(__dirname, '../..');
const WRITER = 'server/requests/request-status.ts';

export interface Violation {
  line: number;
  text: string;
}

/** The text of the balanced (...) argument list opening at `open`. */
function argumentsAt(source: string, open: number): string {
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    const c = source[i];
    if (c === '(' || c === '{' || c === '[') depth++;
    else if (c === ')' || c === '}' || c === ']') {
      depth--;
      if (depth === 0) return source.slice(open + 1, i);
    }
  }
  return source.slice(open + 1);
}

const SETS_STATUS = /(^|[{,\s])['"]?(?:\w+\.)?status['"]?\s*(?::|,|}|$)/;
const RAW_UPDATE =
  /\bupdate\s+(?:only\s+)?"?(?:public\.)?"?requests"?(?:\s+(?:as\s+)?(?!set\b)\w+)?\s+set\b([\s\S]*?)(?=\bwhere\b|\bfrom\b|\breturning\b|`|;|'|$)/gi;

/** Every place in `source` that updates `requests.status`. */
export function statusWrites(rawSource: string): Violation[] {
  const source = stripComments(rawSource);
  const found: Violation[] = [];
  const push = (offset: number) =>
    found.push({ line: lineOf(source, offset), text: rawSource.split('\n')[lineOf(source, offset) - 1]!.trim() });
  for (const m of source.matchAll(/\.update\s*\(/g)) {
    const open = m.index! + m[0].length - 1;
    const args = argumentsAt(source, open).trim();
    const setsStatus = args.startsWith('{') ? SETS_STATUS.test(args.slice(1)) : /^['"](?:\w+\.)?status['"]/.test(args);
    if (!setsStatus) continue;
    const chain = chainBefore(source, m.index!);
    let table = TABLE_CALL.exec(chain)?.[1];
    if (!table) {
      // a query kept in a variable: `const q = trx('requests')...; await q.update(...)`
      const root = /^\s*(?:await\s+|return\s+)?([A-Za-z_$][\w$]*)/.exec(chain)?.[1];
      const assigned = root ? new RegExp(`\\b${root}\\s*=\\s*[^;]*?${TABLE_CALL.source}`).exec(source) : null;
      table = assigned?.[1];
    }
    if (table === 'requests') push(m.index!);
  }
  for (const m of source.matchAll(RAW_UPDATE)) {
    if (/(^|[\s,.])"?status"?\s*=/i.test(m[1]!)) push(m.index!);
  }
  return found;
}

describe('one writer of requests.status', () => {
  test('when the server sources are read, then nothing but changeRequestStatus updates requests.status', () => {
    const offenders = sourceFiles(path.join(ROOT, 'server'), /\.ts$/)
      .map((f) => path.relative(ROOT, f).split(path.sep).join('/'))
      .filter((f) => f !== WRITER)
      .flatMap((f) =>
        statusWrites(fs.readFileSync(path.join(ROOT, f), 'utf8')).map((v) => `${f}:${v.line}: ${v.text}`),
      );
    expect(offenders).toEqual([]);
  });

  test('when the writer itself is read, then the scan finds its one update (the scan sees what it looks for)', () => {
    expect(statusWrites(fs.readFileSync(path.join(ROOT, WRITER), 'utf8'))).toHaveLength(1);
  });

  test.each([
    ["await trx('requests').where({ id }).update({ status: 'sent' });", 1],
    ["await trx('requests as r').where('r.id', id).update({ 'r.status': 'sent', received_at: now });", 1],
    ["await db('requests')\n  .where({ id })\n  .update({ received_at: now, status });", 3],
    ["await trx('requests').whereIn('id', ids).update('status', 'closed');", 1],
    ["const q = trx('requests').where({ id });\nawait q.update({ status: 'closed' });", 2],
    ["await trx.raw(`update requests set status = 'closed' where id = ?`, [id]);", 1],
    [
      "await trx.raw(`\n  update requests r\n     set closed_at = now(), r.status = 'closed'\n   where r.id = ?`, [id]);",
      2,
    ],
    ['await knex.raw(\'UPDATE "requests" AS r SET status = ? WHERE id = ?\', [s, id]);', 1],
  ])('when a file writes the column (%s), then the scan names line %d', (source, line) => {
    expect(statusWrites(source).map((v) => v.line)).toEqual([line]);
  });

  test.each([
    "await trx('requests').where({ id, status: 'sent' }).update({ assignee_id: 3 });",
    "await trx('policy_intakes').where({ id }).update({ status: 'published' });",
    "await trx('vendor_facts').where({ id }).update({ review_status: 'approved' });",
    'await trx.raw(`update bulk_upload_rows set status = v.status from requests r where r.id = v.id`);',
    "await trx.raw(`update requests set withdrawal_reason = null where status = 'withdrawn'`);",
    "// await trx('requests').update({ status: 'sent' })",
    "for (const r of rows) {\n  await trx('requests').where({ id: r }).update({ assignee_id: 1 });\n}\nawait trx('vendor_research')\n  .where({ id })\n  .update({ status: 'resolved' });",
  ])('when a file only reads status or writes another table (%s), then the scan finds nothing', (source) => {
    expect(statusWrites(source)).toEqual([]);
  });
});
