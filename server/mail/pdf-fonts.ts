/**
 * Fonts for PDF letters, per script. Names are printed as people write them: Latin, Greek and Cyrillic (Noto Sans),
 * Japanese, Chinese and Korean (Noto Sans CJK), Hebrew and Arabic (Noto Sans Hebrew / Arabic, shaped and laid out
 * right to left by fontkit). The fonts come from Debian's fonts-noto-core and fonts-noto-cjk, which the project's set-up
 * (scripts/services.sh, the Dockerfile) installs; DejaVu Sans is the fallback for the non-CJK scripts, and Helvetica
 * (Latin-1 only, anything else shown as "?") the last resort when no font file is present at all.
 */
import { existsSync } from 'node:fs';

export type Script = 'latin' | 'hebrew' | 'arabic' | 'japanese' | 'chinese' | 'korean';
/** A font pdfkit can register: a file, and the face name inside a collection (.ttc). */
interface FontFace {
  file: string;
  face?: string;
}
export interface ScriptFonts {
  regular: FontFace;
  bold: FontFace;
}

const NOTO = '/usr/share/fonts/truetype/noto';
const NOTO_CJK = '/usr/share/fonts/opentype/noto';
const DEJAVU = '/usr/share/fonts/truetype/dejavu';
const dejavu: ScriptFonts = {
  regular: { file: `${DEJAVU}/DejaVuSans.ttf` },
  bold: { file: `${DEJAVU}/DejaVuSans-Bold.ttf` },
};
const noto = (name: string): ScriptFonts => ({
  regular: { file: `${NOTO}/${name}-Regular.ttf` },
  bold: { file: `${NOTO}/${name}-Bold.ttf` },
});
const cjk = (lang: 'JP' | 'SC' | 'KR'): ScriptFonts => ({
  regular: { file: `${NOTO_CJK}/NotoSansCJK-Regular.ttc`, face: `NotoSansCJK${lang.toLowerCase()}-Regular` },
  bold: { file: `${NOTO_CJK}/NotoSansCJK-Bold.ttc`, face: `NotoSansCJK${lang.toLowerCase()}-Bold` },
});

/** Preferred fonts per script, best first. */
const CANDIDATES: Record<Script, ScriptFonts[]> = {
  latin: [noto('NotoSans'), dejavu],
  hebrew: [noto('NotoSansHebrew'), dejavu],
  arabic: [noto('NotoSansArabic'), noto('NotoNaskhArabic'), dejavu],
  japanese: [cjk('JP')],
  chinese: [cjk('SC'), cjk('JP')],
  korean: [cjk('KR')],
};

const available = (f: ScriptFonts) => existsSync(f.regular.file) && existsSync(f.bold.file);

/** The installed fonts per script (a script without one falls back to the Latin font, then to Helvetica). */
export function installedFonts(): Partial<Record<Script, ScriptFonts>> {
  const out: Partial<Record<Script, ScriptFonts>> = {};
  for (const script of Object.keys(CANDIDATES) as Script[]) {
    const found = CANDIDATES[script].find(available);
    if (found) out[script] = found;
  }
  return out;
}

const HAN = /\p{Script=Han}/u;
const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;
const HANGUL = /\p{Script=Hangul}/u;
const HEBREW = /\p{Script=Hebrew}/u;
const ARABIC = /\p{Script=Arabic}/u;

function scriptOf(ch: string, cjkFlavour: 'japanese' | 'chinese' | 'korean'): Script | null {
  if (HAN.test(ch) || KANA.test(ch) || /[\u3000-\u303f\uff00-\uffef]/.test(ch))
    return HANGUL.test(ch) ? 'korean' : cjkFlavour;
  if (HANGUL.test(ch)) return 'korean';
  if (HEBREW.test(ch)) return 'hebrew';
  if (ARABIC.test(ch)) return 'arabic';
  if (/[\p{L}\p{N}\p{P}\p{S}]/u.test(ch)) return 'latin';
  return null; // spaces and marks join the run they are in
}

/**
 * Splits a text into runs of one script each. Han characters take the flavour of the text around them: Japanese when
 * it has kana, Korean when it has Hangul, else Chinese. Whitespace and combining marks stay in the current run.
 */
export function scriptRuns(text: string): { script: Script; text: string }[] {
  const flavour = KANA.test(text) ? 'japanese' : HANGUL.test(text) ? 'korean' : 'chinese';
  const runs: { script: Script; text: string }[] = [];
  for (const ch of text) {
    const s = scriptOf(ch, flavour);
    const last = runs.at(-1);
    if (last && (s === null || s === last.script)) last.text += ch;
    else if (!last && s === null) runs.push({ script: 'latin', text: ch });
    else runs.push({ script: s ?? 'latin', text: ch });
  }
  return runs;
}
