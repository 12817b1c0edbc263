import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MigrationFiles } from '../../server/db/knex';
import { TEMPLATES_DIR } from '../../server/mail/templates';
import { findProjectRoot, PROJECT_ROOT } from '../../server/shared/paths';

const root = path.resolve(__dirname, '../..');

describe('files read at run time resolve from the sources and from the compiled build', () => {
  test('when the project root is looked for from the sources or from dist/, then both find the directory with package.json', () => {
    expect(PROJECT_ROOT).toBe(root);
    expect(findProjectRoot(path.join(root, 'server', 'shared'))).toBe(root);
    expect(findProjectRoot(path.join(root, 'dist', 'server', 'shared'))).toBe(root);
    expect(TEMPLATES_DIR).toBe(path.join(root, 'templates'));
  });

  test('when migrations are listed from a compiled directory, then they carry their source names and maps and declarations are skipped', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drp-migrations-'));
    try {
      for (const f of ['20260102_b.js', '20260101_a.js', '20260101_a.js.map', '20260102_b.d.ts', 'README.md'])
        fs.writeFileSync(path.join(dir, f), '');
      const source = new MigrationFiles(dir);
      const files = await source.getMigrations();
      expect(files).toEqual(['20260101_a.js', '20260102_b.js']);
      expect(files.map((f) => source.getMigrationName(f))).toEqual(['20260101_a.ts', '20260102_b.ts']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('when the source migrations are listed, then they are every migrations/*.ts file, in order, under their own names', async () => {
    const source = new MigrationFiles();
    const files = await source.getMigrations();
    const expected = fs
      .readdirSync(path.join(root, 'migrations'))
      .filter((f) => f.endsWith('.ts'))
      .sort();
    expect(files).toEqual(expected);
    expect(files.map((f) => source.getMigrationName(f))).toEqual(expected);
    expect(typeof (await source.getMigration(files[0]!)).down).toBe('function');
  });
});
