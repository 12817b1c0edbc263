/**
 * Usage: npm run --silent registry:extract -- <policy file>
 * Prints one JSON object (the extraction plus document metadata). Needs no server or database.
 * Exit codes: 0 ok (possibly with input_warnings), 2 unusable input (missing, binary, > 5 MB).
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { extractFromRaw, MAX_INPUT_BYTES, PolicyInputError } from '../server/vendors/extract/index';

function fail(message: string): never {
  process.stderr.write(`registry:extract: ${message}\n`);
  process.exit(2);
}

function main(): void {
  const file = process.argv.slice(2).find((a) => a !== '--');
  if (!file) fail('usage: npm run --silent registry:extract -- <policy file (.txt, .md, .html)>');
  let bytes: Buffer;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) fail(`${file} is not a file`);
    if (stat.size > MAX_INPUT_BYTES)
      fail(`${file} is ${stat.size} bytes; the limit is ${MAX_INPUT_BYTES} bytes (5 MB)`);
    bytes = readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    fail(code === 'ENOENT' ? `no such file: ${file}` : `cannot read ${file}: ${(err as Error).message}`);
  }
  try {
    const { normalized, format, extraction } = extractFromRaw(bytes, { filename: path.basename(file) });
    const document = { sha256: createHash('sha256').update(bytes).digest('hex'), format, length: normalized.length };
    process.stdout.write(`${JSON.stringify({ ...extraction, document }, null, 2)}\n`);
  } catch (err) {
    if (err instanceof PolicyInputError) fail(err.message);
    fail(`extraction failed: ${(err as Error).message}`);
  }
}

main();
