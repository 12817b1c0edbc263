import js from '@eslint/js';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

const INFRASTRUCTURE = ['config', 'db', 'queue', 'http', 'mail', 'shared', 'events'];
const FEATURES = ['vendors', 'requests', 'agents', 'deadlines', 'staff', 'auth', 'health', 'correspondence', 'ops'];

/** A query in a route: calling the knex handle (`deps.db('t')`, `db(...)`, `trx(...)`) or its raw SQL / transactions. */
const ROUTE_DB_CALLS = [
  "CallExpression[callee.type='MemberExpression'][callee.property.name=/^(db|knex|trx)$/]",
  "CallExpression[callee.type='Identifier'][callee.name=/^(db|knex|trx)$/]",
  "CallExpression[callee.type='MemberExpression'][callee.property.name=/^(raw|transaction)$/]",
];
/**
 * Time comes from the injected clock (server/shared/clock.ts), so every service can be run at any date in a test;
 * durations (timeouts, elapsed time) use performance.now(). test/unit/time-source.test.ts checks this rule still bites.
 */
const MACHINE_TIME = [
  {
    selector: "NewExpression[callee.name='Date'][arguments.length=0]",
    message: 'Take the time from the injected clock (clock.now(), server/shared/clock.ts), not new Date().',
  },
  {
    selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
    message: 'Take the time from the injected clock (clock.now()); for a duration use performance.now().',
  },
  {
    selector: "CallExpression[callee.name='Date']",
    message: 'Date() reads the machine time: take it from the injected clock (clock.now()).',
  },
  {
    selector:
      "CallExpression[callee.object.name='DateTime'][callee.property.name=/^(now|local|utc)$/][arguments.length=0]",
    message: 'Luxon reads the machine time here: use DateTime.fromJSDate(clock.now()).',
  },
];
/** Allowed to read the machine time: the clock itself (the rate limiter's windows are Redis's own key lifetimes). */
const MACHINE_TIME_ALLOWED = ['server/shared/clock.ts'];

export default tseslint.config(
  {
    ignores: [
      '.t*.ts',
      'node_modules/**',
      'client/dist/**',
      'dist/**',
      '.data/**',
      'coverage/**',
      'test-artifacts/**',
      'client/src/generated/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver': { node: { extensions: ['.ts', '.js', '.json'] } } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'off',
      // Dependency direction: infrastructure never imports a feature.
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: INFRASTRUCTURE.flatMap((infra) =>
            FEATURES.map((feature) => ({
              target: `./server/${infra}`,
              from: `./server/${feature}`,
              message: `server/${infra} is infrastructure and must not import the ${feature} feature.`,
            })),
          ),
        },
      ],
    },
  },
  {
    files: ['server/**/*.ts'],
    ignores: MACHINE_TIME_ALLOWED,
    // A later block's no-restricted-syntax replaces this one for the files it matches: such a block repeats MACHINE_TIME.
    rules: { 'no-restricted-syntax': ['error', ...MACHINE_TIME] },
  },
  {
    // Routers do not query the database; services and repositories do. A route passes `deps.db` on, never calls it.
    files: ['server/**/*.routes.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...ROUTE_DB_CALLS.map((selector) => ({
          selector,
          message: 'Routes do not query the database: move the query into a service or repository of the feature.',
        })),
        ...MACHINE_TIME,
      ],
    },
  },
  {
    files: ['*.js', '*.mjs'],
    languageOptions: {
      globals: { module: 'writable', require: 'readonly', process: 'readonly', __dirname: 'readonly' },
    },
  },
  {
    // the web client (React, browser): type-checked by client/tsconfig.json
    files: ['client/**/*.ts', 'client/**/*.tsx', 'client/**/*.mts'],
    rules: { '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }] },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
