export { ensureAppRole, type AppRoleOptions } from './app-role';
export {
  createDb,
  DEFAULT_QUEUE_PREFIX,
  ensureDatabase,
  isDatabaseReachable,
  MIGRATIONS_DIR,
  queuePrefixOf,
  type Db,
} from './knex';
export { isTransientDbError } from './transient';
