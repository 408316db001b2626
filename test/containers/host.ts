/**
 * What the host shows of the stack: files owned by a uid (the containers' 10001 maps to the host's
 * 10001, there being no user namespace remapping), and processes still in a container's cgroup.
 */
import { readdir, readFile } from 'node:fs/promises';
import { must } from './engine.js';

/** Every file of `uid` on the root file system, outside Docker's own storage. */
export async function hostFilesOf(uid: number): Promise<string[]> {
  const out = await must(['find', '/', '-xdev', '(', '-path', '/var/lib/docker', '-o', '-path', '/var/lib/containerd', ')', '-prune', '-o', '-uid', String(uid), '-print'], { timeoutMs: 300_000 });
  return out.split('\n').filter(Boolean);
}

/** Host pids whose cgroup names one of the container ids. */
export async function processesOf(containerIds: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const pid of (await readdir('/proc')).filter((name) => /^\d+$/.test(name))) {
    const cgroup = await readFile(`/proc/${pid}/cgroup`, 'utf8').catch(() => '');
    const id = containerIds.find((container) => cgroup.includes(container));
    if (id) found.push(`${pid} (container ${id.slice(0, 12)})`);
  }
  return found;
}
