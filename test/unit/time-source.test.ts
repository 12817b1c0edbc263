/**
 * Time comes from the injected clock (server/shared/clock.ts): a service that reads the machine's time cannot be run
 * at another date in a test. ESLint's no-restricted-syntax refuses it in server/ (eslint.config.mjs); this test runs
 * the project's ESLint on sample code, so the rule cannot be dropped or overridden by a later block of the config
 * without a failing test. ESLint runs in a child process (it loads its ES-module config, which jest's VM cannot).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const ESLINT = path.join(ROOT, 'node_modules/.bin/eslint');

const SAMPLE = [
  "import { DateTime } from 'luxon';", // 1
  'export function sample(row: { created_at: string }, ms: number) {', // 2
  '  const a = new Date();', // 3: refused
  '  const b = Date.now();', // 4: refused
  '  const c = Date();', // 5: refused
  '  const d = DateTime.now();', // 6: refused
  '  const e = new Date(Date.now() + ms);', // 7: refused (Date.now)
  '  const f = DateTime.utc();', // 8: refused
  '  const g = new Date(row.created_at);', // 9: fine, a stored date
  '  const h = DateTime.utc(2026, 1, 1);', // 10: fine, a given date
  '  const i = performance.now();', // 11: fine, a duration
  '  return [a, b, c, d, e, f, g, h, i];',
  '}',
  '',
].join('\n');

/** Lines of SAMPLE on which the time-source rule reports, linted as if it were the file `filePath`. */
function refusedLines(filePath: string): number[] {
  const run = spawnSync(ESLINT, ['--stdin', '--stdin-filename', filePath, '--format', 'json'], {
    cwd: ROOT,
    input: SAMPLE,
    encoding: 'utf8',
  });
  // ESLint exits 1 when it reports errors, 2 when it could not run
  if (run.status !== 0 && run.status !== 1) throw new Error(`eslint exited ${run.status}: ${run.stderr}`);
  const [result] = JSON.parse(run.stdout) as { messages: { ruleId: string | null; line: number; fatal?: boolean }[] }[];
  if (!result) throw new Error('eslint reported no result');
  expect(result.messages.filter((m) => m.fatal)).toEqual([]);
  return result.messages.filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.line);
}

describe('time from the injected clock', () => {
  test('when a service reads the machine time (new Date(), Date.now(), Date(), DateTime.now()/utc()), then lint refuses each, and dates built from values pass', () => {
    expect(refusedLines('server/correspondence/inbound.service.ts')).toEqual([3, 4, 5, 6, 7, 8]);
  });

  test('when a router reads the machine time, then lint refuses it too (a rule block for routes must keep it)', () => {
    expect(refusedLines('server/staff/staff.routes.ts')).toEqual([3, 4, 5, 6, 7, 8]);
  });

  test('when the clock module itself reads the machine time, then lint accepts it', () => {
    expect(refusedLines('server/shared/clock.ts')).toEqual([]);
  });
});
