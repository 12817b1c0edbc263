import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';

// Return bigint ids and counts as numbers (ids stay far below 2^53) and DATE columns as 'YYYY-MM-DD' strings, so a
// legal date never shifts through a JavaScript Date in the server's timezone.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

export type Db = Knex;

const MIGRATIONS_DIR = path.resolve(__dirname, '../../migrations');

/**
 * The migrations next to this code: migrations/*.ts from the sources (tsx, jest), dist/migrations/*.js from the
 * compiled build. Each is named by its source file (`….ts`) either way, so a database migrated by one is up to date
 * for the other.
 */
export class MigrationFiles implements Knex.MigrationSource<string> {
  constructor(private readonly dir: string = MIGRATIONS_DIR) {}

  async getMigrations(): Promise<string[]> {
    return fs
      .readdirSync(this.dir)
      .filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts'))
      .sort();
  }

  getMigrationName(file: string): string {
    return file.replace(/\.js$/, '.ts');
  }

  getMigration(file: string): Promise<Knex.Migration> {
    // require, as knex's own loader does for CommonJS: tsx and jest hook it for the .ts sources
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return Promise.resolve(require(path.join(this.dir, file)) as Knex.Migration);
  }
}

export interface DbLogger {
  warn(obj: object, msg?: string): void;
}

/** The BullMQ prefix a handle writes on its outbox rows when none was given (the default QUEUE_PREFIX). */
const DEFAULT_QUEUE_PREFIX = 'drp';

/**
 * `queuePrefix`: the deployment's BullMQ prefix. Every outbox row written through this handle (or a transaction of it)
 * carries it, and the relay of that deployment claims only rows of its own prefix.
 */
export function createDb(
  databaseUrl: string,
  poolMax = 10,
  logger?: DbLogger,
  options: { queuePrefix?: string } = {},
): Db {
  const log = (message: unknown) => logger?.warn({ knex: String(message) }, 'database');
  const config: Knex.Config & { queuePrefix: string } = {
    queuePrefix: options.queuePrefix ?? DEFAULT_QUEUE_PREFIX,
    log: { warn: log, error: log, deprecate: log, debug: () => undefined },
    client: 'pg',
    // Registry search (server/vendors/search.ts): a mistyped word is "like" a known word from a trigram similarity of
    // 0.4, and like a word within a term from a word similarity of 0.45 (pg_trgm's defaults, 0.3 and 0.6, list too
    // many words, or miss one mistyped letter in an eight-letter name). Set at connection start-up: no extra round
    // trip, and the index operators `%` and `<%` use them.
    connection: {
      connectionString: databaseUrl,
      application_name: 'data-rights-portal',
      options: '-c pg_trgm.similarity_threshold=0.4 -c pg_trgm.word_similarity_threshold=0.45',
    },
    pool: { min: 0, max: poolMax },
    acquireConnectionTimeout: 10_000,
    migrations: { migrationSource: new MigrationFiles(), tableName: 'knex_migrations' },
  };
  return knexFactory(config);
}

/** The queue prefix given to createDb for this handle; a transaction shares its parent's client configuration. */
export function queuePrefixOf(db: Knex | Knex.Transaction): string {
  const prefix = (db.client as { config?: { queuePrefix?: unknown } }).config?.queuePrefix;
  return typeof prefix === 'string' ? prefix : DEFAULT_QUEUE_PREFIX;
}

/** Creates the database named in the URL when it does not exist (connecting to the `postgres` maintenance DB). */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_-]+$/.test(name)) throw new Error(`Refusing to create a database with the name "${name}".`);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (exists.rowCount === 0) {
      await client.query(`create database "${name}"`).catch((err: { code?: string }) => {
        if (err.code !== '42P04') throw err; // created concurrently by another process
      });
    }
  } finally {
    await client.end();
  }
}

export async function isDatabaseReachable(db: Db, timeoutMs = 1_500): Promise<boolean> {
  try {
    await Promise.race([
      db.raw('select 1'),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs).unref()),
    ]);
    return true;
  } catch {
    return false;
  }
}
