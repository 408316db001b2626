// Prints, one per line, the Debian packages the installed language packs declare (for setup.sh).
import { loadPacks } from '@sentinel/core';

const names = process.env.SENTINEL_PACKS?.split(',').filter(Boolean);
const registry = await loadPacks({ names });
const packages = new Set(registry.list().flatMap((pack) => pack.debianPackages));
for (const name of [...packages].sort()) console.log(name);
