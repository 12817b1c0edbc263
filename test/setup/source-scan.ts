import fs from 'node:fs';
import path from 'node:path';

/**
 * Reading source text for the single-writer tests (test/unit/single-writer.test.ts, table-writers.test.ts): comments
 * blanked, offsets mapped to lines, the expression chain a call belongs to, and the knex table a call names.
 */

/** Blanks comments, keeping every newline so that offsets map to the same lines. */
export function stripComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\/|(^|[^:\\'"`])\/\/[^\n]*/g, (m, lead?: string) =>
    lead !== undefined && !m.startsWith('/*') ? lead + ' '.repeat(m.length - lead.length) : m.replace(/[^\n]/g, ' '),
  );
}

export const lineOf = (source: string, offset: number) => source.slice(0, offset).split('\n').length;

/** Walks back from `at` to the start of the expression chain it belongs to (a `;`, or an unbalanced bracket). */
export function chainBefore(source: string, at: number): string {
  let depth = 0;
  for (let i = at - 1; i >= 0; i--) {
    const c = source[i];
    // a block that closes before the chain (`if (x) { ... } await trx(...)`) ends the previous statement
    if (c === '}' && depth === 0 && !/^\s*[.),\]}]/.test(source.slice(i + 1, at))) return source.slice(i + 1, at);
    if (c === ')' || c === '}' || c === ']') depth++;
    else if (c === '(' || c === '{' || c === '[') {
      if (depth === 0) return source.slice(i + 1, at);
      depth--;
    } else if (c === ';' && depth === 0) return source.slice(i + 1, at);
  }
  return source.slice(0, at);
}

/** A knex call naming a table: `trx('requests')`, `db('requests as r')`; group 1 is the table. */
export const TABLE_CALL = /\b(?:\w+)\s*\(\s*['"`]\s*(?:public\.)?(\w+)(?:\s+(?:as\s+)?\w+)?\s*['"`]\s*\)/;

/** Every file under `dir` whose name matches `names` (none when `dir` does not exist). */
export function sourceFiles(dir: string, names: RegExp): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const full = path.join(dir, d.name);
    if (d.isDirectory()) return sourceFiles(full, names);
    return names.test(d.name) ? [full] : [];
  });
}
