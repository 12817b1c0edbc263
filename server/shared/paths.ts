import fs from 'node:fs';
import path from 'node:path';

/**
 * The project's root (the directory holding package.json), found by walking up from this file, so that files read at
 * run time (templates/, seeds/, client/dist/) resolve the same from the TypeScript sources (tsx, jest) and from the
 * compiled build in dist/ (`npm run build`), which is one directory deeper.
 */
export function findProjectRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

export const PROJECT_ROOT = findProjectRoot();
