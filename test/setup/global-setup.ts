import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { readTemplateStamp, stampTemplate, templateDatabaseUrl, templateFingerprint } from './databases';

/**
 * Once per run: migrates and seeds the template database that every jest worker's database is copied from (see
 * databases.ts), in child processes (knex loads the TypeScript migrations through tsx), skipping both when nothing
 * that shapes the template changed since it was last made. Each worker copies it before its first test file
 * (worker-database.ts).
 */
export default async function globalSetup(): Promise<void> {
  // TEST_DATABASE_URL first (as npm test and the README say), so a bare `npx jest` never lands on another checkout's
  // database; then DATABASE_URL (scripts/test.sh sets it); else drp_test
  process.env.DATABASE_URL =
    process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/drp_test';
  process.env.REDIS_URL ??= 'redis://127.0.0.1:6379';
  process.env.NODE_ENV = 'test';
  const baseUrl = process.env.DATABASE_URL;
  const fingerprint = templateFingerprint();
  // read by the workers' setup file
  process.env.DRP_TEST_BASE_DATABASE_URL = baseUrl;
  process.env.DRP_TEST_TEMPLATE_FINGERPRINT = fingerprint;

  if ((await readTemplateStamp(baseUrl)) === fingerprint) return;
  const root = path.resolve(__dirname, '../..');
  const tsx = path.join(root, 'node_modules/.bin/tsx');
  const env = { ...process.env, DATABASE_URL: templateDatabaseUrl(baseUrl) };
  execFileSync(tsx, ['scripts/db.ts', 'migrate'], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
  execFileSync(tsx, ['scripts/db.ts', 'seed'], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
  await stampTemplate(baseUrl, fingerprint);
}
