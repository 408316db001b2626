/** GET /languages, /languages/{id} of the Judge0 API: the packs that declare a Judge0 id (peers.judge0). */
import type { PackRegistry, ResolvedPack } from '@sentinel/core';

export interface Judge0Language {
  id: number;
  name: string;
}

export interface Judge0LanguageDetail extends Judge0Language {
  is_archived: boolean;
  source_file: string;
  compile_cmd: string | null;
  run_cmd: string;
}

/** The Judge0 id and name of a pack, or undefined when it declares none. */
export function judge0Language(pack: ResolvedPack): Judge0Language | undefined {
  const peer = pack.peers.judge0;
  return peer && { id: peer.id, name: peer.name ?? `${pack.displayName} (${pack.version})` };
}

/** Every pack with a Judge0 id, by id. */
export function judge0Languages(registry: PackRegistry): Judge0Language[] {
  return registry
    .list()
    .flatMap((pack) => judge0Language(pack) ?? [])
    .sort((a, b) => a.id - b.id);
}

/** An argv as one command line (words with spaces or quotes are single-quoted). */
function commandLine(argv: readonly string[]): string {
  return argv.map((word) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`)).join(' ');
}

export function languageDetail(pack: ResolvedPack): Judge0LanguageDetail | undefined {
  const language = judge0Language(pack);
  if (!language) return undefined;
  return {
    ...language,
    is_archived: false,
    source_file: pack.sourceFile,
    compile_cmd: pack.compile ? commandLine(pack.compile) : null,
    run_cmd: commandLine(pack.run),
  };
}
