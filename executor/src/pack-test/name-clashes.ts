/**
 * The conformance kit's name check: the names a pack claims (its id and aliases, its Piston
 * language and aliases, its Judge0 id) against every other installed pack, as the registry would
 * refuse them at boot. One line per clashing pack, so an author sees every clash at once.
 */
import { DuplicatePackError, DuplicatePeerNameError, PackRegistry, type ResolvedPack } from '@sentinel/core';

export function nameClashes(pack: ResolvedPack, installed: readonly ResolvedPack[]): string[] {
  const clashes: string[] = [];
  for (const other of installed) {
    if (other.packageName === pack.packageName) continue;
    try {
      new PackRegistry([other, pack]);
    } catch (error) {
      if (!(error instanceof DuplicatePackError || error instanceof DuplicatePeerNameError)) throw error;
      clashes.push(error.message);
    }
  }
  return clashes;
}
