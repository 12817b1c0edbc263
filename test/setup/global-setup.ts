import { execFileSync } from 'node:child_process';
import path from 'node:path';

/**
 * Creates and migrates the test database once per run (in a child process: knex loads the TypeScript migrations
 * through tsx). Test files share it; each test makes its own rows with unique values.
 */
export default async function globalSetup(): Promise<void> {
  process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/drp_test';
  process.env.REDIS_URL ??= 'redis://127.0.0.1:6379';
  process.env.NODE_ENV = 'test';
  const root = path.resolve(__dirname, '../..');
  const tsx = path.join(root, 'node_modules/.bin/tsx');
  execFileSync(tsx, ['scripts/db.ts', 'migrate'], { cwd: root, env: process.env, stdio: ['ignore', 'ignore', 'inherit'] });
  execFileSync(tsx, ['scripts/db.ts', 'seed'], { cwd: root, env: process.env, stdio: ['ignore', 'ignore', 'inherit'] });
}
