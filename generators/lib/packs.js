// @ts-check
/**
 * Which language packs a repository has: every package carrying the pack keyword in its
 * node_modules (core's discovery, so third-party packs installed from npm count), plus the
 * bundled packs under language-packs/ (so a pack just generated counts before `npm install`
 * links it). One package found both ways is one pack; two packs claiming an id or alias, or a pack
 * that fails to load, is an error (core's PackRegistry and loader decide, never this file).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { discoverByKeyword, loadPackFrom, PACK_KEYWORD, PackRegistry } from '@sentinel/core';

/** @typedef {import('@sentinel/core').ResolvedPack} ResolvedPack */

/** Directories of the bundled packs: language-packs/<dir> with a package.json carrying the keyword. @param {string} root */
export function bundledPackDirs(root) {
  const dir = path.join(root, 'language-packs');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => path.join(dir, entry.name))
    .filter((packDir) => {
      const manifest = path.join(packDir, 'package.json');
      if (!existsSync(manifest)) return false; // a pack still being written: no package yet
      let keywords;
      try {
        keywords = /** @type {{ keywords?: unknown }} */ (JSON.parse(readFileSync(manifest, 'utf8'))).keywords;
      } catch (error) {
        throw new Error(`${manifest} cannot be read: ${/** @type {Error} */ (error).message}`, { cause: error });
      }
      return Array.isArray(keywords) && keywords.includes(PACK_KEYWORD);
    })
    .sort();
}

/**
 * Every installed pack of the repository at `root`, sorted by id.
 * @param {string} root
 * @returns {Promise<readonly ResolvedPack[]>}
 */
export async function discoverPacks(root) {
  const dirs = [...bundledPackDirs(root), ...(await discoverByKeyword([path.join(root, 'node_modules')]))];
  /** @type {Map<string, ResolvedPack>} */
  const byPackage = new Map();
  for (const dir of dirs) {
    const pack = await loadPackFrom(dir);
    if (!byPackage.has(pack.packageName)) byPackage.set(pack.packageName, pack);
  }
  return new PackRegistry([...byPackage.values()]).list();
}
