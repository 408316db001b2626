// Prints, one per line, the Debian packages of the language packs setup installs toolchains for
// (scripts/setup.sh): the packs named in SENTINEL_PACKS (short ids or package names, comma-separated,
// as the service reads it), else every installed pack. A name that is not installed stops setup
// with core's message, which lists every package name tried. On stderr: the packs chosen.
import { loadPacks } from '@sentinel/core';

/** The names SENTINEL_PACKS chooses, or undefined for every installed pack. @param {NodeJS.ProcessEnv} env */
export function chosenPacks(env) {
  const names = (env.SENTINEL_PACKS ?? '').split(',').map((name) => name.trim()).filter(Boolean);
  return names.length ? names : undefined;
}

try {
  const names = chosenPacks(process.env);
  const registry = await loadPacks({ names });
  const packs = registry.list();
  console.error(`packs: ${packs.map((pack) => pack.id).join(', ')}${names ? ' (SENTINEL_PACKS)' : ' (every installed pack; SENTINEL_PACKS=a,b chooses)'}`);
  const packages = new Set(packs.flatMap((pack) => pack.debianPackages));
  for (const name of [...packages].sort()) console.log(name);
} catch (error) {
  console.error(`SENTINEL_PACKS: ${error.message}`);
  process.exit(1);
}
