/**
 * How the rule tables are written: plain regex source with three shorthands, compiled once.
 *   \b   a Unicode word boundary (JavaScript's \b only knows ASCII letters: "été\b" would never match)
 *   {G}  a gap of up to 60 characters inside one sentence, {g} up to 25
 * Every gap is bounded and no quantified group contains another quantifier, so no pattern backtracks
 * catastrophically: each one runs in time linear in the text.
 */

const START = '(?<![\\p{L}\\p{N}])';
const END = '(?![\\p{L}\\p{N}])';
const GAP = '[^!?。\\n]{0,60}';
const SHORT_GAP = '[^!?。\\n]{0,25}';

export function compile(source: string, flags = 'giu'): RegExp {
  let out = '';
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\' && source[i + 1] === 'b') {
      const next = source[i + 2] ?? '';
      out += /[\p{L}\p{N}([\\]/u.test(next) ? START : END;
      i++;
    } else if (c === '\\') {
      out += c + (source[i + 1] ?? '');
      i++;
    } else if (source.startsWith('{G}', i)) {
      out += GAP;
      i += 2;
    } else if (source.startsWith('{g}', i)) {
      out += SHORT_GAP;
      i += 2;
    } else out += c;
  }
  return new RegExp(out, flags);
}
