export { createDb, ensureDatabase, isDatabaseReachable, MIGRATIONS_DIR, type Db } from './knex';
