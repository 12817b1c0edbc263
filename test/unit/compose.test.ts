import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { CONFIG_VARIABLES } from '../../server/config';

const root = path.resolve(__dirname, '../..');
const compose = parse(fs.readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<
    string,
    {
      image?: string;
      build?: unknown;
      command?: string[];
      environment?: Record<string, string>;
      healthcheck?: unknown;
      depends_on?: unknown;
      volumes?: string[];
      ports?: string[];
    }
  >;
};

describe('docker-compose.yml', () => {
  test('when parsed, then it has postgres, redis, mailpit, api and two workers with healthchecks on the servers', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'mailpit', 'postgres', 'redis', 'worker', 'worker-2']);
    expect(compose.services.mailpit!.image).toMatch(/^axllent\/mailpit/);
    for (const name of ['postgres', 'redis', 'api'])
      expect(compose.services[name]!.healthcheck).toMatchObject({
        test: expect.arrayContaining([expect.stringMatching(/pg_isready|redis-cli|readyz/)]),
      });
  });

  test('when the workers are read, then both run the worker against the same Postgres and Redis, and only one publishes the inbound SMTP port', () => {
    const [one, two] = [compose.services.worker!, compose.services['worker-2']!];
    for (const w of [one, two]) expect(w.command).toEqual(['node', 'dist/server/worker.js']);
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
      expect(Object.keys(env)).toEqual(
        expect.arrayContaining(['DATABASE_URL', 'REDIS_URL', 'SMTP_URL', 'APP_SECRET', 'PUBLIC_URL']),
      );
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

/** The Dockerfile's stages: name and instructions (continuation lines joined), in order. */
function dockerStages(text: string): { name: string; from: string; instructions: string[] }[] {
  const lines = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  const stages: { name: string; from: string; instructions: string[] }[] = [];
  for (const line of lines) {
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) stages.push({ from: from[1]!, name: from[2] ?? String(stages.length), instructions: [] });
    else stages.at(-1)?.instructions.push(line);
  }
  return stages;
}

describe('Dockerfile', () => {
  const stages = dockerStages(fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8'));
  const runtime = stages.at(-1)!;
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
    dependencies: Record<string, string>;
  };

  test('when read, then a build stage installs with npm ci and compiles the server and the web client', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const build = stages[0]!;
    expect(build.instructions).toContain('RUN npm ci --no-audit --no-fund');
    expect(build.instructions.filter((i) => /npm install/.test(i))).toEqual([]);
    expect(build.instructions).toContain('RUN npm run build && npm run client:build');
    expect(pkg.scripts.build).toMatch(/tsc -p tsconfig\.build\.json(?: |$)/);
    // the PDF parser's worker thread is plain ESM that tsc does not emit: the build copies it beside the compiled caller
    expect(pkg.scripts.build).toContain('dist/server/vendors/pdf-text.worker.mjs');
  });

  test('when the final image is read, then it holds production dependencies only and runs compiled JavaScript as a non-root user', () => {
    const copiedModules = runtime.instructions.find((i) => /^COPY --from=\S+ \/app\/node_modules /.test(i));
    const depsStage = stages.find((s) => s.name === /--from=(\S+)/.exec(copiedModules ?? '')?.[1]);
    expect(depsStage?.instructions).toContain('RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force');
    expect(runtime.instructions.filter((i) => /^USER /.test(i))).toEqual(['USER node']);
    expect(runtime.instructions.at(-1)).toBe('CMD ["node", "dist/server/main.js"]');
    expect(runtime.instructions.join('\n')).not.toMatch(/tsx|npm ci(?! --omit=dev)|COPY \. /);
    // what the compiled code reads at run time is in the image
    for (const dir of ['templates', 'seeds/policies', 'seeds/registry-review.json']) {
      expect(runtime.instructions).toContain(`COPY ${dir} ./${dir}`);
      expect(fs.existsSync(path.join(root, dir))).toBe(true);
    }
    expect(runtime.instructions).toContain('COPY --from=build /app/client/dist ./client/dist');
    // tsx and the client's libraries are build-time tools: dev dependencies, left out of the image
    expect(Object.keys(pkg.dependencies).filter((d) => ['tsx', 'vite', 'react', 'react-dom'].includes(d))).toEqual([]);
  });

  test('when compose runs the image, then the api and worker run the compiled entry points with node', () => {
    const commands = {
      api: compose.services.api as { command?: string[] },
      worker: compose.services.worker as { command?: string[] },
    };
    expect(commands.api.command).toEqual([
      'sh',
      '-c',
      'node dist/scripts/db.js migrate && node dist/scripts/db.js seed && exec node dist/server/main.js',
    ]);
    expect(commands.worker.command).toEqual(['node', 'dist/server/worker.js']);
    for (const service of ['api', 'worker']) expect(compose.services[service]!.build).toBe('.');
  });

  test('when the compiled entry points are mapped back to sources, then each exists and dist/ is git-ignored', () => {
    for (const entry of ['dist/server/main.js', 'dist/server/worker.js', 'dist/scripts/db.js']) {
      expect(fs.existsSync(path.join(root, entry.replace(/^dist\//, '').replace(/\.js$/, '.ts')))).toBe(true);
    }
    expect(fs.readFileSync(path.join(root, '.gitignore'), 'utf8').split('\n')).toContain('dist/');
    expect(fs.readFileSync(path.join(root, '.dockerignore'), 'utf8').split('\n')).toEqual(
      expect.arrayContaining(['node_modules', 'dist', 'client/dist']),
    );
  });
});
