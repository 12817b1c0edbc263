/**
 * Routers do not query the database; services and repositories do. The rule lives in eslint.config.mjs
 * (`no-restricted-syntax` on server/**\/*.routes.ts); this test proves it catches each kind of query and that every
 * route file of the server passes it.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/**
 * ESLint with the project's config, in a child process (the config is an ES module, which jest's VM cannot import):
 * the `no-restricted-syntax` messages for each code snippet (linted as if it were the given file) and each file.
 */
function lint(input: { snippets?: { code: string; filePath: string }[]; files?: string[] }): string[][] {
  const script = `
    const { ESLint } = require('eslint');
    const input = JSON.parse(process.argv[1]);
    const eslint = new ESLint({ cwd: process.cwd() });
    const pick = (r) => r.messages.filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.message + ' @' + m.line);
    (async () => {
      const out = [];
      for (const s of input.snippets ?? []) out.push(pick((await eslint.lintText(s.code, { filePath: s.filePath }))[0]));
      if (input.files) out.push((await eslint.lintFiles(input.files)).flatMap((r) => pick(r).map((m) => r.filePath + ': ' + m)));
      process.stdout.write(JSON.stringify(out));
    })().catch((e) => { console.error(e); process.exit(1); });`;
  return JSON.parse(
    execFileSync(process.execPath, ['-e', script, JSON.stringify(input)], { cwd: ROOT, encoding: 'utf8' }),
  );
}

const ROUTE = 'server/staff/example.routes.ts';
const REFUSAL = 'Routes do not query the database: move the query into a service or repository of the feature.';

const QUERIES = [
  ['the knex handle of deps', "export const f = (deps: any) => deps.db('requests').where({ id: 1 });"],
  ['a db handle', "export const f = (db: any) => db('requests').first();"],
  ['a transaction handle', "export const f = (trx: any) => trx('requests').first();"],
  ['raw SQL', "export const f = (deps: any) => deps.db.raw('select 1');"],
  ['a transaction', 'export const f = (deps: any) => deps.db.transaction(async () => undefined);'],
] as const;
const PASSING_ON = 'export const f = (deps: any, g: any) => g(deps.db, 1);';

describe('routes do not query the database', () => {
  test('when a route file queries, then lint refuses it; passing the handle on, or a service querying, is fine', () => {
    const routeFiles = fs
      .readdirSync(path.join(ROOT, 'server'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.routes.ts'))
      .map((f) => path.join('server', f));
    expect(routeFiles.length).toBeGreaterThan(20);
    const out = lint({
      snippets: [
        ...QUERIES.map(([, code]) => ({ code, filePath: ROUTE })),
        { code: PASSING_ON, filePath: ROUTE },
        { code: QUERIES[1][1], filePath: 'server/staff/example.service.ts' },
      ],
      files: routeFiles,
    });
    expect(Object.fromEntries(QUERIES.map(([what], i) => [what, out[i]]))).toEqual(
      Object.fromEntries(QUERIES.map(([what]) => [what, [`${REFUSAL} @1`]])),
    );
    expect(out[QUERIES.length]).toEqual([]);
    expect(out[QUERIES.length + 1]).toEqual([]);
    // the server's own route files: none queries
    expect(out[QUERIES.length + 2]).toEqual([]);
  });
});
