import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const root = path.resolve(__dirname, '../..');
const corpus = path.join(root, 'test/fixtures/replies');

async function npmRun(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)('npm', ['run', '--silent', 'reply:classify', '--', ...args], {
      cwd: root,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('npm run --silent reply:classify -- FILE (scripts/reply-classify.ts)', () => {
  test('when given a raw .eml bounce (multipart/report), then it prints one JSON object that says bounce', async () => {
    const { code, stdout } = await npmRun([path.join(corpus, 'tuning/t093-bounce-en.eml')]);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(Object.keys(out).sort()).toEqual(['class', 'confidence', 'evidence', 'extracted', 'language']);
    expect(out.class).toBe('bounce');
    expect(out.confidence).toBeGreaterThan(0.9);
    expect(out.evidence.some((e: { rule: string }) => e.rule === 'bounce.header.multipart_report')).toBe(true);
  });

  test('when given plain text (no headers), then it reads it as the body and extracts what it states', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'reply-cli-'));
    const file = path.join(dir, 'reply.txt');
    writeFileSync(
      file,
      'Subject to verification, we will proceed.\n\nPlease submit your request via our web form at https://privacy.acme.example/dsar.\n',
    );
    const { code, stdout } = await npmRun([file]);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out).toMatchObject({
      class: 'wrong_channel',
      language: 'en',
      extracted: { url: 'https://privacy.acme.example/dsar' },
    });
    const text =
      'Subject to verification, we will proceed.\n\nPlease submit your request via our web form at https://privacy.acme.example/dsar.\n';
    for (const e of out.evidence) expect(text.slice(e.start, e.end).trim()).toBe(e.phrase);
  });

  test('when given a Japanese .eml, then it classifies it in Japanese', async () => {
    const { code, stdout } = await npmRun([path.join(corpus, 'tuning/t092-wc-ja.eml')]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ class: 'wrong_channel', language: 'ja' });
  });

  test('when the file does not exist, then it says so on stderr and exits non-zero with nothing on stdout', async () => {
    const { code, stdout, stderr } = await npmRun([path.join(root, 'no-such-reply.eml')]);
    expect(code).not.toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/cannot read .*no-such-reply\.eml: no such file/);
  });

  test('when given a directory or no file at all, then it exits non-zero with a clear message', async () => {
    const dir = await npmRun([corpus]);
    expect(dir.code).not.toBe(0);
    expect(dir.stderr).toMatch(/is a directory/);
    const none = await npmRun([]);
    expect(none.code).not.toBe(0);
    expect(none.stderr).toMatch(/usage: npm run --silent reply:classify -- FILE/);
  });
});
