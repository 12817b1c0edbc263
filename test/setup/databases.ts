import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';

/**
 * One database per jest worker, so test files run in parallel without sharing rows, outbox or queue work.
 *
 * From the test database URL (DATABASE_URL, e.g. .../drp_test):
 *   - `drp_test_template` is migrated and seeded once by the global setup;
 *   - `drp_test_w<N>` is jest worker N's database, copied from the template (CREATE DATABASE ... TEMPLATE, a file
 *     copy that takes well under a second) before that worker's first test file runs.
 * Each copy is stamped (COMMENT ON DATABASE) with a fingerprint of everything that shapes the template (migrations,
 * seeds, server code, the lock file). A worker database with another stamp is dropped and copied again, and the
 * template is migrated and seeded again only when its own stamp differs; otherwise databases are reused across
 * runs, like the single test database before them (tests make their own rows with unique values).
 */

const ROOT = path.resolve(__dirname, '../..');
const FINGERPRINT_INPUTS = [
  'migrations',
  'seeds',
  'server',
  'scripts/db.ts',
  'package-lock.json',
  'test/setup/databases.ts',
];

/** sha256 over the paths and contents of FINGERPRINT_INPUTS (file order fixed). */
export function templateFingerprint(root: string = ROOT): string {
  const hash = createHash('sha256');
  const add = (rel: string) => {
    const full = path.join(root, rel);
    if (!fs.existsSync(full)) return;
    if (fs.statSync(full).isDirectory()) {
      for (const entry of fs.readdirSync(full).sort()) add(path.join(rel, entry));
    } else {
      hash.update(`${rel}\0`).update(fs.readFileSync(full)).update('\0');
    }
  };
  for (const input of FINGERPRINT_INPUTS) add(input);
  return hash.digest('hex');
}

function databaseName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_-]{1,50}$/.test(name))
    throw new Error(`test database name "${name}" must be 1-50 letters, digits, _ or -`);
  return name;
}

function withDatabase(url: string, name: string): string {
  const next = new URL(url);
  next.pathname = `/${name}`;
  return next.toString();
}

export const templateDatabaseUrl = (baseUrl: string) => withDatabase(baseUrl, `${databaseName(baseUrl)}_template`);
export const workerDatabaseUrl = (baseUrl: string, workerId: string) =>
  withDatabase(baseUrl, `${databaseName(baseUrl)}_w${workerId}`);

async function withMaintenanceClient<T>(baseUrl: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({
    connectionString: withDatabase(baseUrl, 'postgres'),
    application_name: 'drp-test-setup',
  });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

const stampOf = async (client: pg.Client, name: string): Promise<string | null | undefined> => {
  const res = await client.query<{ stamp: string | null }>(
    `select shobj_description(oid, 'pg_database') as stamp from pg_database where datname = $1`,
    [name],
  );
  return res.rowCount === 0 ? undefined : (res.rows[0]?.stamp ?? null);
};

/** The template's stamp (undefined when it does not exist yet). */
export function readTemplateStamp(baseUrl: string): Promise<string | null | undefined> {
  return withMaintenanceClient(baseUrl, (client) => stampOf(client, databaseName(templateDatabaseUrl(baseUrl))));
}

export function stampTemplate(baseUrl: string, fingerprint: string): Promise<void> {
  return withMaintenanceClient(baseUrl, async (client) => {
    await client.query(
      `comment on database "${databaseName(templateDatabaseUrl(baseUrl))}" is '${hexOnly(fingerprint)}'`,
    );
  });
}

/**
 * Drops the template, so the next migrate makes it afresh: for a template migrated by another checkout or branch
 * (knex refuses a database that has migrations the directory lacks).
 */
export function dropTemplate(baseUrl: string): Promise<void> {
  return withMaintenanceClient(baseUrl, async (client) => {
    await client.query(`drop database if exists "${databaseName(templateDatabaseUrl(baseUrl))}"`);
  });
}

/** Makes worker `workerId`'s database a current copy of the template (a no-op when its stamp matches). */
export function ensureWorkerDatabase(baseUrl: string, workerId: string, fingerprint: string): Promise<void> {
  const name = databaseName(workerDatabaseUrl(baseUrl, workerId));
  const template = databaseName(templateDatabaseUrl(baseUrl));
  return withMaintenanceClient(baseUrl, async (client) => {
    const stamp = await stampOf(client, name);
    if (stamp === fingerprint) return;
    try {
      if (stamp !== undefined) await client.query(`drop database "${name}"`);
      await client.query(`create database "${name}" template "${template}"`);
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === '55006') {
        throw new Error(
          `${name} or ${template} is in use by another connection (another test run on the same TEST_DATABASE_URL?): ${(err as Error).message}`,
        );
      }
      throw err;
    }
    await client.query(`comment on database "${name}" is '${hexOnly(fingerprint)}'`);
  });
}

function hexOnly(value: string): string {
  if (!/^[0-9a-f]+$/.test(value)) throw new Error('fingerprint must be hex');
  return value;
}
