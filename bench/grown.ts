/** The grown benchmark database (bench/grow-database.ts), shared by the benches that run on it. */
import { loadConfig } from '../server/config';

/** The moment the grown data is generated around: its open requests are due around it. */
export const GROWN_NOW = new Date('2030-06-01T12:00:00Z');

/** A database next to DATABASE_URL's; only drp_bench_* names, so a bench never touches a test or development one. */
export function benchDatabaseUrl(name: string): string {
  if (!/^drp_bench_[a-z0-9_]+$/.test(name))
    throw new Error(`a bench database must be named drp_bench_<something>: ${name}`);
  const url = new URL(loadConfig().databaseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
