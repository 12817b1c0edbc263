/**
 * One writer per table for the rows that carry the portal's invariants: `events` (the append-only history) is written
 * only by server/events/record.ts, which checks every event against the catalogue; `outbox` only by
 * server/queue/outbox.ts (`enqueueInTransaction` and its SQL form), which stamps the queue prefix and the job id;
 * `requesters` and `submissions` only by server/requests/submission-store.ts. This test reads every source file of the
 * server, the scripts and the seeds and fails, naming the file and line, when anything else inserts into one of them:
 * a knex `.insert(...)` on a query of that table (`trx('events')`, `db('outbox as o')`, `.into('events')`) or raw SQL
 * `insert into events ...`. Migrations are not scanned (they shape and repair data as the owner).
 */
import fs from 'node:fs';
import path from 'node:path';
import { chainBefore, lineOf, sourceFiles, stripComments, TABLE_CALL } from '../setup/source-scan';

const ROOT = path.resolve(__dirname, '../..');
const WRITERS: Record<string, string> = {
  events: 'server/events/record.ts',
  outbox: 'server/queue/outbox.ts',
  requesters: 'server/requests/submission-store.ts',
  submissions: 'server/requests/submission-store.ts',
};
const TABLES = Object.keys(WRITERS);

interface Insert {
  table: string;
  line: number;
  text: string;
}

/** The text after `at` up to the end of its statement (`;`) at the same depth. */
function chainAfter(source: string, at: number): string {
  let depth = 0;
  for (let i = at; i < source.length; i++) {
    const c = source[i];
    if (c === '(' || c === '{' || c === '[') depth++;
    else if (c === ')' || c === '}' || c === ']') {
      if (depth === 0) return source.slice(at, i);
      depth--;
    } else if (c === ';' && depth === 0) return source.slice(at, i);
  }
  return source.slice(at);
}

const INTO_CALL = /\.\s*(?:into|table)\s*\(\s*['"`]\s*(?:public\.)?(\w+)(?:\s+(?:as\s+)?\w+)?\s*['"`]\s*\)/;
const RAW_INSERT = /\binsert\s+into\s+(?:"?public"?\.)?"?(\w+)"?/gi;

/** Every insert into one of TABLES in `source`. */
export function inserts(rawSource: string): Insert[] {
  const source = stripComments(rawSource);
  const found: Insert[] = [];
  const push = (table: string, offset: number) => {
    if (!TABLES.includes(table)) return;
    const line = lineOf(source, offset);
    found.push({ table, line, text: rawSource.split('\n')[line - 1]!.trim() });
  };
  for (const m of source.matchAll(/\.\s*insert\s*\(/g)) {
    const chain = chainBefore(source, m.index!);
    let table =
      TABLE_CALL.exec(chain)?.[1] ?? INTO_CALL.exec(chain)?.[1] ?? INTO_CALL.exec(chainAfter(source, m.index!))?.[1];
    if (!table) {
      // a query kept in a variable: `const q = trx('events'); await q.insert(...)`
      const root = /^\s*(?:await\s+|return\s+)?([A-Za-z_$][\w$]*)\s*$/.exec(chain)?.[1];
      const assigned = root ? new RegExp(`\\b${root}\\s*=\\s*[^;]*?${TABLE_CALL.source}`).exec(source) : null;
      table = assigned?.[1];
    }
    if (table) push(table, m.index!);
  }
  for (const m of source.matchAll(RAW_INSERT)) push(m[1]!.toLowerCase(), m.index!);
  return found;
}

const relative = (f: string) => path.relative(ROOT, f).split(path.sep).join('/');
const read = (f: string) => fs.readFileSync(path.join(ROOT, f), 'utf8');

describe('one writer per table: events, outbox, requesters, submissions', () => {
  const files = ['server', 'scripts', 'seeds']
    .flatMap((d) => sourceFiles(path.join(ROOT, d), /\.(ts|mts|mjs|js)$/))
    .map(relative);

  test('when the sources are read, then only each table’s writer inserts into it', () => {
    const offenders = files.flatMap((f) =>
      inserts(read(f))
        .filter((i) => WRITERS[i.table] !== f)
        .map((i) => `${f}:${i.line}: ${i.table}: ${i.text}`),
    );
    expect(offenders).toEqual([]);
  });

  test.each(TABLES)(
    'when the writer of %s is read, then the scan finds its inserts (it sees what it looks for)',
    (table) => {
      expect(inserts(read(WRITERS[table]!)).filter((i) => i.table === table).length).toBeGreaterThan(0);
    },
  );

  test.each([
    ["await trx('events').insert({ type: 'x' });", 'events', 1],
    ["await db('outbox as o')\n  .insert(rows)\n  .onConflict('job_id').ignore();", 'outbox', 2],
    ["await knex.insert({ name }).into('requesters');", 'requesters', 1],
    ["const q = trx('submissions');\nawait q.insert(row);", 'submissions', 2],
    [
      'await trx.raw(`\n  with s as (insert into submissions (id) values (1) returning id) select 1`);',
      'submissions',
      2,
    ],
    ['await db.raw(\'INSERT INTO "public"."events" (type) VALUES (?)\', [\'x\']);', 'events', 1],
    ['const SQL = `\n  job as (\n    insert into outbox (queue) select 1)`;', 'outbox', 3],
  ])('when a file inserts (%s), then the scan names %s at line %d', (source, table, line) => {
    expect(inserts(source).map((i) => [i.table, i.line])).toEqual([[table, line]]);
  });

  test.each([
    "await trx('events').where({ subject_id: 1 }).select('type');",
    "await trx('requests').insert({ reference });",
    "await trx('outbox').where({ id }).update({ relayed_at: null });",
    "await trx.raw('insert into requests (id) values (1)');",
    "// await trx('events').insert({ type: 'x' })",
    "await recordEvent(trx, { type: 'note_added', subjectId: 1, actor: { type: 'staff' }, payload: { note_id: 2 } });",
  ])('when a file only reads these tables or writes another (%s), then the scan finds nothing', (source) => {
    expect(inserts(source)).toEqual([]);
  });
});
