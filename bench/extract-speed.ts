/**
 * Extraction latency on a ~50 KB policy (the Sonos seed padded with the Nordics seed).
 * Run: npx tsx bench/extract-speed.ts [iterations]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { extractPolicy, normalizePolicy } from '../server/vendors/extract/index';

const ROOT = path.resolve(__dirname, '..');
const read = (f: string) => readFileSync(path.join(ROOT, 'seeds', 'policies', f), 'utf8');

function main(): void {
  const iterations = Number(process.argv[2] ?? 200);
  let raw = read('sonos.txt');
  const pad = read('sony-network-communications-nordics.txt');
  while (raw.length < 50_000) raw += `\n\n${pad}`;
  const { text } = normalizePolicy(raw, { filename: 'padded.txt' });
  for (let i = 0; i < 10; i++) extractPolicy(text);
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    extractPolicy(text);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  const p95 = times[Math.min(times.length - 1, Math.floor(times.length * 0.95))] ?? 0;
  console.log(
    `input ${text.length} chars, ${iterations} iterations: mean ${mean.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms (target < 100 ms)`,
  );
}

main();
