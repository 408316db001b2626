/**
 * Small helpers over cgroup control files. These are tiny kernel files (no disk behind them): a
 * synchronous read or write takes microseconds, far less than a trip through libuv's thread pool,
 * and a run touches a dozen of them, so they are done synchronously on purpose. The exceptions
 * may wait for the kernel, and go through the thread pool: moving a process in (joinGroup), and
 * making and removing a group (on v1 under load, 0.5-1 ms per hierarchy, measured on the
 * executor's event loop with --cpu-prof).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { lstat, mkdir, readdir, rmdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export async function writeControl(dir: string, file: string, value: string): Promise<void> {
  writeFileSync(`${dir}/${file}`, value);
}

/**
 * Moves a process into a group, off the event loop: the first move into a v1 hierarchy waits for
 * an RCU grace period (6-16 ms measured), which must not hold up the runs in flight.
 */
export async function joinGroup(dir: string, pid: number): Promise<void> {
  await writeFile(`${dir}/cgroup.procs`, String(pid));
}

export async function readControl(dir: string, file: string): Promise<string> {
  return readFileSync(`${dir}/${file}`, 'utf8').trim();
}

export async function makeGroup(dir: string): Promise<void> {
  await mkdir(dir);
}

/** A number from a flat file (memory.max_usage_in_bytes) or a keyed one ("oom_kill 3" lines). */
export async function readNumber(dir: string, file: string, key?: string): Promise<number> {
  const text = await readControl(dir, file);
  if (key === undefined) return Number(text);
  const line = text.split('\n').find((entry) => entry.startsWith(`${key} `));
  return line ? Number(line.slice(key.length + 1)) : 0;
}

export async function pidsIn(dir: string): Promise<number[]> {
  const text = await readControl(dir, 'cgroup.procs');
  return text ? text.split('\n').map(Number) : [];
}

/** Polls `done` every few ms until it answers true or `timeoutMs` passes; answers whether it did. */
export async function until(done: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (let wait = 1; ; wait = Math.min(wait * 2, 20)) {
    if (await done()) return true;
    if (Date.now() > deadline) return false;
    await sleep(wait);
  }
}

/** rmdir of a cgroup, retried while the kernel still counts exiting tasks in it (EBUSY). */
export async function removeGroup(dir: string): Promise<void> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      await rmdir(dir);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return;
      if (code !== 'EBUSY' || attempt >= 50) throw error;
      await sleep(Math.min(2 ** attempt, 20));
    }
  }
}

export function runGroupName(): string {
  return `run-${randomBytes(6).toString('hex')}`;
}

/**
 * Removes the empty run groups under `parent` made more than `olderThanMs` ago: those of an
 * executor that died with spares waiting (the spares die with it, their groups stay). A group in
 * use has processes, and the kernel refuses to remove it; a new spare's group is joined within
 * milliseconds of being made. Answers how many were removed.
 */
export async function sweepStaleGroups(parent: string, olderThanMs = 60_000): Promise<number> {
  let removed = 0;
  for (const entry of await readdir(parent, { withFileTypes: true }).catch(() => [])) {
    if (!entry.isDirectory() || !/^run-[0-9a-f]{12}$/.test(entry.name)) continue;
    const dir = path.join(parent, entry.name);
    const made = (await lstat(dir).catch(() => undefined))?.mtimeMs;
    if (made === undefined || Date.now() - made < olderThanMs) continue;
    try {
      rmdirSync(dir);
      removed += 1;
    } catch {
      // in use (EBUSY), or gone already
    }
  }
  return removed;
}

/** The calling process's cgroup paths, from /proc/self/cgroup: controller (or "" for v2) -> path. */
export function parseProcCgroup(text: string): Map<string, string> {
  const paths = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^\d+:([^:]*):(.*)$/.exec(line.trim());
    if (!match) continue;
    const [, controllers = '', path = '/'] = match;
    if (controllers === '') paths.set('', path);
    for (const controller of controllers.split(',')) if (controller) paths.set(controller, path);
  }
  return paths;
}
