/**
 * Piston's runtime table, read from the packs' `peers.piston` (core/src/pack/peers.ts): what
 * GET /api/v2/runtimes lists and how a Piston request's `language` and `version` find a pack.
 * Packs that declare no Piston name are not Piston runtimes: they are neither listed nor found.
 */
import semver from 'semver';
import type { PackRegistry, PistonName, ResolvedPack } from '@sentinel/core';

/** One entry of GET /api/v2/runtimes, in Piston's shape (`runtime` is never set: no pack names one). */
export interface PistonRuntime {
  language: string;
  version: string;
  aliases: string[];
  runtime?: string;
}

/** A pack with its Piston name. */
export interface PistonPack {
  pack: ResolvedPack;
  piston: PistonName;
}

function pistonPacks(registry: PackRegistry): PistonPack[] {
  return registry.list().flatMap((pack) => (pack.peers.piston ? [{ pack, piston: pack.peers.piston }] : []));
}

/** GET /api/v2/runtimes: every pack with a Piston name, sorted by language. */
export function pistonRuntimes(registry: PackRegistry): PistonRuntime[] {
  return pistonPacks(registry)
    .map(({ piston }) => ({ language: piston.language, version: piston.version, aliases: [...(piston.aliases ?? [])] }))
    .sort((a, b) => a.language.localeCompare(b.language));
}

/** Whether `version` satisfies the SemVer selector `selector` ("*", "3.x", "3.11.2", "^3"); an invalid selector matches nothing. */
export function satisfiesSelector(version: string, selector: string): boolean {
  try {
    return semver.satisfies(version, selector);
  } catch {
    return false;
  }
}

/**
 * The runtime a Piston request names: `language` is a Piston name or alias (Piston's own rule),
 * else a Sentinel pack id or alias of a pack that has a Piston name; `version` a SemVer selector
 * its version must satisfy. Undefined when none does: answer `unknownRuntimeMessage`.
 */
export function findRuntime(registry: PackRegistry, language: string, version: string): PistonPack | undefined {
  const pack = registry.findPiston(language) ?? registry.find(language) ?? registry.find(language.toLowerCase());
  const piston = pack?.peers.piston;
  return pack && piston && satisfiesSelector(piston.version, version) ? { pack, piston } : undefined;
}

/** Piston's 400 message for a language and version no runtime matches. */
export function unknownRuntimeMessage(language: string, version: string): string {
  return `${language}-${version} runtime is unknown`;
}
