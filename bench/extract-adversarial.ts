/**
 * Extraction time on adversarial input at the 5 MB upload limit: a privacy header (so the whole pipeline runs) and
 * one repeated unit. The test suite checks that this work grows linearly (test/unit/registry-extract.test.ts); the
 * time limit lives here. Run: npx tsx bench/extract-adversarial.ts
 */
import { extractFromRaw, MAX_INPUT_BYTES } from '../server/vendors/extract/index';

/** Passes the privacy-vocabulary gate. */
export const ADVERSARIAL_HEADER =
  'Privacy policy. We collect personal data, use cookies and ask consent from third parties.\n';

export const ADVERSARIAL_UNITS: [name: string, unit: string][] = [
  ['letters', 'a'],
  ['at-signs and dots', 'a@b.'],
  ['digits and dashes', '1-'],
  ['capitalised words', 'Inc Corp '],
  ['privacy words without punctuation', 'privacy personal data cookies consent within 30 days respond request '],
  ['quotes and brackets', '“(['],
  ['HTML-ish markup', '<a href="mailto:'],
  ['address-like lines', '12 Main St\n'],
  ['inline address phrases', 'or at 12 Main St, Springfield, NY 10001 '],
  ['dangling contact phrases', 'please email your request to, and in writing to: '],
  ['labelled address lines', 'Address: 1 A St, Springfield, NY 10001\n'],
  ['response deadlines', 'We will respond to your request to delete within 30 days. '],
];

/** The header followed by `unit` repeated to about `bytes` bytes. */
export function adversarialText(unit: string, bytes: number): string {
  return ADVERSARIAL_HEADER + unit.repeat(Math.floor(bytes / Buffer.byteLength(unit)));
}

const TARGET_MS = 10_000;

function main(): void {
  const bytes = MAX_INPUT_BYTES - 200;
  console.log(`adversarial input of ${(bytes / 1e6).toFixed(1)} MB (target < ${TARGET_MS / 1000} s each)`);
  console.log(`${'input'.padEnd(36)} ${'wall ms'.padStart(8)} ${'cpu ms'.padStart(8)}  facts`);
  let worst = 0;
  for (const [name, unit] of ADVERSARIAL_UNITS) {
    const text = adversarialText(unit, bytes);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const { extraction } = extractFromRaw(text);
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    worst = Math.max(worst, wall);
    const facts =
      extraction.channels.length +
      extraction.deadlines.length +
      extraction.rights.length +
      extraction.requirements.length +
      extraction.gaps.length;
    console.log(
      `${name.padEnd(36)} ${wall.toFixed(0).padStart(8)} ${((cpu.user + cpu.system) / 1000).toFixed(0).padStart(8)}  ${facts}`,
    );
  }
  console.log(`slowest: ${worst.toFixed(0)} ms ${worst < TARGET_MS ? '(within target)' : '(OVER TARGET)'}`);
}

if (require.main === module) main();
