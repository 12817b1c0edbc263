/**
 * Letters in the company's language: how the policy-language detector does on every policy the project holds (the
 * 5 seeds and 15 labelled real policies, all English, and the Swedish test fixture), and how long it takes to render
 * every letter (every right × regime, with and without an agent) in every language.
 * Run: npx tsx bench/letter-languages.ts
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { agentPermitted, letterCombinations } from '../server/mail/letter-data';
import { sampleLetterData } from '../server/mail/sample-data';
import { renderLetter } from '../server/mail/templates';
import { LETTER_LANGUAGES } from '../server/shared/languages';
import { normalizePolicy } from '../server/vendors/extract/index';
import { detectLanguage } from '../server/vendors/language-detect';

const ROOT = path.resolve(__dirname, '..');

function detection(): void {
  const files = [
    ...readdirSync(path.join(ROOT, 'seeds', 'policies')).map((f) => ['en', path.join('seeds', 'policies', f)]),
    ...readdirSync(path.join(ROOT, 'bench', 'policies'))
      .filter((f) => !f.endsWith('.json'))
      .map((f) => ['en', path.join('bench', 'policies', f)]),
    ['sv', path.join('test', 'fixtures', 'policies', 'nordvik-integritetspolicy.txt')],
  ] as const;
  let right = 0;
  const times: number[] = [];
  for (const [expected, file] of files) {
    const { text } = normalizePolicy(readFileSync(path.join(ROOT, file), 'utf8'), { filename: file });
    const started = performance.now();
    const found = detectLanguage(text);
    times.push(performance.now() - started);
    if (found?.language === expected) right++;
    else console.log(`  ${file}: expected ${expected}, detected ${found?.language ?? 'nothing'}`);
  }
  times.sort((a, b) => a - b);
  console.log(
    `detector: ${right} of ${files.length} policies detected as their language; ` +
      `median ${times[Math.floor(times.length / 2)]!.toFixed(2)} ms, max ${times.at(-1)!.toFixed(2)} ms per policy`,
  );
}

function rendering(): void {
  const all = letterCombinations().flatMap(({ right, regime, template }) =>
    [false, true]
      .filter((agent) => !agent || agentPermitted(regime, template))
      .map((agent) => sampleLetterData(right, regime, { agent })),
  );
  for (const language of LETTER_LANGUAGES) renderLetter(all[0]!, language); // compile each language once
  const started = performance.now();
  let count = 0;
  for (const language of LETTER_LANGUAGES)
    for (const data of all) {
      renderLetter(data, language);
      count++;
    }
  const ms = performance.now() - started;
  console.log(
    `rendering: ${count} letters (${all.length} per language × ${LETTER_LANGUAGES.length}) in ${ms.toFixed(0)} ms, ${(ms / count).toFixed(2)} ms per letter`,
  );
}

detection();
rendering();
