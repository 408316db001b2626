/**
 * Whether a pack's toolchain is installed: every absolute program its commands name, every
 * program found through its PATH, and every read-only path it binds. A missing one is a failure
 * of the pack (with the Debian packages it declares), never a skipped test.
 */
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import path from 'node:path';
import type { ResolvedPack } from '@sentinel/core';

export async function missingTools(pack: ResolvedPack): Promise<string[]> {
  const missing: string[] = [];
  const programs = [pack.compile?.[0], pack.run[0]].filter((program): program is string => program !== undefined);
  const searchPath = (pack.env.PATH ?? '/usr/bin:/bin').split(':').filter(Boolean);
  for (const program of new Set(programs)) {
    if (program.startsWith('./')) continue; // made by the compile step
    const candidates = program.includes('/') ? [program] : searchPath.map((dir) => path.join(dir, program));
    const found = await Promise.all(candidates.map((file) => access(file, constants.X_OK).then(() => true, () => false)));
    if (!found.includes(true)) missing.push(program);
  }
  for (const dir of pack.readOnlyPaths) {
    if (!(await access(dir).then(() => true, () => false))) missing.push(dir);
  }
  return missing;
}
