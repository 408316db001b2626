/**
 * Finds and loads language packs: from an explicit list of names (SENTINEL_PACKS), or every
 * installed package carrying the `sentinel-language-pack` keyword.
 *
 * "Installed" means a package directory exists in one of the node_modules directories Node would
 * search from here; such a package is then imported, and any failure to import it is a
 * PackBrokenError, never mistaken for "not installed".
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PackBrokenError, PackInvalidError, PackNotInstalledError } from '../errors.js';
import { resolvePack, type ResolvedPack } from './contract.js';
import { candidatePackageNames, PACK_KEYWORD } from './names.js';
import { PackRegistry } from './registry.js';

export interface LoadPacksOptions {
  /** Pack names (short ids or package names). When absent or empty, discover by keyword. */
  names?: readonly string[];
  /** node_modules directories to search, in order. Defaults to Node's own search path from here. */
  searchPaths?: readonly string[];
}

interface PackageJson {
  name?: string;
  keywords?: unknown;
}

export function defaultSearchPaths(): string[] {
  return createRequire(import.meta.url).resolve.paths('@sentinel/lang-any') ?? [];
}

/** Loads the packs and checks that no two claim the same id or alias. */
export async function loadPacks(options: LoadPacksOptions = {}): Promise<PackRegistry> {
  const searchPaths = options.searchPaths ?? defaultSearchPaths();
  const names = options.names?.filter((name) => name.trim() !== '') ?? [];
  const packageDirs = names.length
    ? names.map((name) => locateByName(name, searchPaths))
    : await discoverByKeyword(searchPaths);
  const packs: ResolvedPack[] = [];
  for (const dir of packageDirs) packs.push(await loadPackFrom(dir));
  return new PackRegistry(packs);
}

/** The directory of the first installed package a pack name may refer to. */
export function locateByName(name: string, searchPaths: readonly string[]): string {
  const candidates = candidatePackageNames(name);
  for (const packageName of candidates) {
    for (const dir of searchPaths) {
      const packageDir = path.join(dir, packageName);
      if (existsSync(path.join(packageDir, 'package.json'))) return packageDir;
    }
  }
  throw new PackNotInstalledError(name, candidates);
}

/** Every package in the search path whose package.json lists the pack keyword. */
export async function discoverByKeyword(searchPaths: readonly string[]): Promise<string[]> {
  const found = new Map<string, string>();
  for (const dir of searchPaths) {
    for (const packageDir of await packageDirsIn(dir)) {
      const manifest = await readManifest(packageDir).catch(() => undefined);
      if (!manifest?.name || found.has(manifest.name)) continue;
      if (Array.isArray(manifest.keywords) && manifest.keywords.includes(PACK_KEYWORD)) {
        found.set(manifest.name, packageDir);
      }
    }
  }
  return [...found.values()];
}

/** Imports an installed pack's entry and validates its default export. */
export async function loadPackFrom(packageDir: string): Promise<ResolvedPack> {
  let manifest: PackageJson;
  try {
    manifest = await readManifest(packageDir);
  } catch (error) {
    throw new PackBrokenError(packageDir, error);
  }
  const packageName = manifest.name ?? packageDir;
  let exported: unknown;
  try {
    const entry = createRequire(path.join(packageDir, 'package.json')).resolve(packageDir);
    const module = (await import(pathToFileURL(entry).href)) as { default?: unknown };
    exported = module.default;
  } catch (error) {
    throw new PackBrokenError(packageName, error);
  }
  if (exported === undefined) throw new PackInvalidError(packageName, '(default export)', 'the entry has no default export');
  return resolvePack(exported, packageName, packageDir);
}

async function readManifest(packageDir: string): Promise<PackageJson> {
  return JSON.parse(await readFile(path.join(packageDir, 'package.json'), 'utf8')) as PackageJson;
}

async function packageDirsIn(nodeModules: string): Promise<string[]> {
  const entries = await readdir(nodeModules, { withFileTypes: true }).catch(() => []);
  const dirs: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory() && !entry.isSymbolicLink()) continue;
    const full = path.join(nodeModules, entry.name);
    if (entry.name.startsWith('@')) {
      const scoped = await readdir(full, { withFileTypes: true }).catch(() => []);
      dirs.push(...scoped.filter((e) => e.isDirectory() || e.isSymbolicLink()).map((e) => path.join(full, e.name)));
    } else if (!entry.name.startsWith('.')) {
      dirs.push(full);
    }
  }
  return dirs;
}
