/**
 * CLI: classify one vendor reply without a server, database or network.
 *   npm run --silent reply:classify -- FILE
 * FILE is a raw RFC 5322 message (.eml) or plain text. Prints one JSON object on stdout:
 *   {class, confidence, evidence, extracted, language}
 * A missing or unreadable file: a message on stderr, exit 2.
 */
import { readFile } from 'node:fs/promises';
import { classifyReply } from '../server/correspondence/classification/classify';
import { readReplyInput } from '../server/correspondence/classification/read-message';

async function main(argv: string[]): Promise<number> {
  const files = argv.filter((a) => a !== '--');
  if (files.length !== 1 || files[0]!.startsWith('-')) {
    process.stderr.write(
      'usage: npm run --silent reply:classify -- FILE  (a raw RFC 5322 message, .eml, or plain text)\n',
    );
    return 2;
  }
  const file = files[0]!;
  let raw: Buffer;
  try {
    raw = await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : String((err as Error).message);
    process.stderr.write(`reply:classify: cannot read ${file}: ${why}\n`);
    return 2;
  }
  const c = classifyReply(await readReplyInput(raw));
  process.stdout.write(
    `${JSON.stringify({ class: c.class, confidence: c.confidence, evidence: c.evidence, extracted: c.extracted, language: c.language }, null, 2)}\n`,
  );
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`reply:classify: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
