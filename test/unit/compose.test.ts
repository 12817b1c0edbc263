import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { CONFIG_VARIABLES } from '../../server/config';

const root = path.resolve(__dirname, '../..');
const compose = parse(fs.readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<
    string,
    { image?: string; build?: unknown; command?: string[]; environment?: Record<string, string>; healthcheck?: unknown; depends_on?: unknown; volumes?: string[]; ports?: string[] }
  >;
};

describe('docker-compose.yml', () => {
  test('when parsed, then it has postgres, redis, mailpit, api and two workers with healthchecks on the servers', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'mailpit', 'postgres', 'redis', 'worker', 'worker-2']);
    expect(compose.services.mailpit!.image).toMatch(/^axllent\/mailpit/);
    for (const name of ['postgres', 'redis', 'api']) expect(compose.services[name]!.healthcheck).toBeDefined();
  });

  test('when the workers are read, then both run the worker against the same Postgres and Redis, and only one publishes the inbound SMTP port', () => {
    const [one, two] = [compose.services.worker!, compose.services['worker-2']!];
    for (const w of [one, two]) expect(w.command).toEqual(['node', '--import', 'tsx', 'server/worker.ts']);
    expect(two.environment?.DATABASE_URL).toBe(one.environment?.DATABASE_URL);
    expect(two.environment?.REDIS_URL).toBe(one.environment?.REDIS_URL);
    expect(one.ports).toEqual(['2525:2525']);
    expect(two.ports ?? []).toEqual([]);
  });

  test('when Redis is read, then it persists its data (append-only file on a volume)', () => {
    const redis = compose.services.redis!;
    expect(redis.command?.join(' ')).toMatch(/--appendonly yes/);
    expect(redis.volumes).toEqual(expect.arrayContaining([expect.stringMatching(/:\/data$/)]));
  });

  test('when the api and worker environments are read, then every variable is one the configuration schema knows', () => {
    for (const name of ['api', 'worker', 'worker-2']) {
      const env = compose.services[name]!.environment ?? {};
      const unknown = Object.keys(env).filter((v) => !(CONFIG_VARIABLES as string[]).includes(v));
      expect(unknown).toEqual([]);
      expect(Object.keys(env)).toEqual(expect.arrayContaining(['DATABASE_URL', 'REDIS_URL', 'SMTP_URL', 'APP_SECRET', 'PUBLIC_URL']));
    }
  });

  test('when .env.example is read, then it documents every configuration variable', () => {
    const example = fs.readFileSync(path.join(root, '.env.example'), 'utf8');
    const missing = CONFIG_VARIABLES.filter((v) => !new RegExp(`^#?\\s*${v}=`, 'm').test(example));
    expect(missing).toEqual([]);
  });

  test('when the README is read, then it documents every configuration variable', () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    expect(CONFIG_VARIABLES.filter((v) => !readme.includes(`\`${v}\``))).toEqual([]);
  });
});
