import { ensureWorkerDatabase, workerDatabaseUrl } from './databases';

/**
 * A jest setup file (runs before every test file): points DATABASE_URL at this jest worker's own database and makes
 * sure it is a current copy of the template (databases.ts). Test files therefore never share a database with a file
 * running at the same time, and need nothing of their own to get this.
 */
export = async function useWorkerDatabase(): Promise<void> {
  const baseUrl = process.env.DRP_TEST_BASE_DATABASE_URL;
  const fingerprint = process.env.DRP_TEST_TEMPLATE_FINGERPRINT;
  if (!baseUrl || !fingerprint) throw new Error('test/setup/global-setup.ts did not run (jest.config.js globalSetup)');
  const workerId = process.env.JEST_WORKER_ID ?? '1';
  const url = workerDatabaseUrl(baseUrl, workerId);
  process.env.DATABASE_URL = url;
  process.env.TEST_DATABASE_URL = url;
  await ensureWorkerDatabase(baseUrl, workerId, fingerprint);
};
