import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { computeDeadline, vendorPromisesFrom } from '../../server/deadlines';
import { loadSeedRegistry, type DeadlineFact } from '../../server/vendors';

const root = path.resolve(__dirname, '../..');

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'scripts/deadline.ts', ...args],
      { cwd: root },
    );
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function seededPromises(slug: string) {
  const vendor = loadSeedRegistry().find((v) => v.slug === slug)!;
  return vendorPromisesFrom(
    slug,
    vendor.published.filter((f) => f.family === 'deadline').map((f) => f.fact as DeadlineFact),
  );
}

describe('npm run deadline (scripts/deadline.ts)', () => {
  test('when given a Swedish access request, then it prints exactly what the engine computes', async () => {
    const { code, stdout } = await cli(['--jurisdiction', 'SE', '--right', 'access', '--received', '2025-01-31']);
    expect(code).toBe(0);
    const printed = JSON.parse(stdout);
    expect(printed).toEqual(
      JSON.parse(JSON.stringify(computeDeadline({ jurisdiction: 'SE', right: 'access', received: '2025-01-31' }))),
    );
    expect(printed.due).toBe('2025-02-28');
  });

  test('when --vendor sonos is given, then the seeded registry promise is applied exactly as the engine does', async () => {
    const { code, stdout } = await cli([
      '--jurisdiction',
      'US-CA',
      '--right',
      'access',
      '--received',
      '2025-03-01',
      '--vendor',
      'sonos',
    ]);
    expect(code).toBe(0);
    const printed = JSON.parse(stdout);
    const expected = computeDeadline({
      jurisdiction: 'US-CA',
      right: 'access',
      received: '2025-03-01',
      vendorPromises: seededPromises('sonos'),
    });
    expect(printed).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(printed.effective).toBe('vendor');
    expect(printed.basis.map((b: { source: string; due: string }) => `${b.source} ${b.due}`)).toEqual([
      'statute 2025-04-15',
      'vendor 2025-04-01',
    ]);
  });

  test('when the jurisdiction is unknown, then it exits 2 and stderr names the parameter', async () => {
    const { code, stdout, stderr } = await cli([
      '--jurisdiction',
      'XX',
      '--right',
      'access',
      '--received',
      '2025-01-31',
    ]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(JSON.parse(stderr)).toMatchObject({ parameter: 'jurisdiction', supported: expect.arrayContaining(['SE']) });
  });

  test('when the vendor is unknown, then it exits 2 and stderr names vendor', async () => {
    const { code, stderr } = await cli([
      '--jurisdiction',
      'SE',
      '--right',
      'access',
      '--received',
      '2025-01-31',
      '--vendor',
      'nobody',
    ]);
    expect(code).toBe(2);
    expect(JSON.parse(stderr)).toMatchObject({ parameter: 'vendor', supported: expect.arrayContaining(['sonos']) });
  });
});
