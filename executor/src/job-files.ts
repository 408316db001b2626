/**
 * Reading a job directory after untrusted code ran in it. Nothing here follows a link: entries
 * are read with lstat / readdir types, symlinks are never bound, opened or descended into.
 */
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';

/** The directory's top-level regular files and folders (symlinks and devices left out). */
export async function jobDirEntries(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries.filter((entry) => entry.isFile() || entry.isDirectory()).map((entry) => entry.name);
}

export interface DirectoryUsage {
  bytes: number;
  entries: number;
}

/** Bytes and entries under dir, counting links as themselves; stops counting past maxEntries. */
export async function directoryUsage(dir: string, maxEntries: number): Promise<DirectoryUsage> {
  const usage: DirectoryUsage = { bytes: 0, entries: 0 };
  const pending = [dir];
  while (pending.length > 0 && usage.entries <= maxEntries) {
    const current = pending.pop()!;
    let names: string[];
    try {
      names = await readdir(current);
    } catch {
      continue; // removed or made unreadable meanwhile
    }
    for (const name of names) {
      usage.entries += 1;
      const stat = await lstat(path.join(current, name)).catch(() => undefined);
      if (!stat) continue;
      usage.bytes += stat.blocks * 512 || stat.size;
      if (stat.isDirectory()) pending.push(path.join(current, name));
    }
  }
  return usage;
}
