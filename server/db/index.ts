export { ensureAppRole } from './app-role';
export { createDb, ensureDatabase, isDatabaseReachable, queuePrefixOf, type Db } from './knex';
export { isTransientDbError } from './transient';
