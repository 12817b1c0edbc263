export { ensureAppRole, type AppRoleOptions } from './app-role';
export { createDb, ensureDatabase, isDatabaseReachable, MIGRATIONS_DIR, type Db } from './knex';
