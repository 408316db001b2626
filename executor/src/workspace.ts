/**
 * Job directories. Each executor process keeps its own under the work root (`<root>/executor-…`,
 * with a record of the process that owns it), and each job gets a fresh directory with a random
 * name there, holding `files` (the source and the request's files, written by the executor before
 * anything runs) and, for compiled languages, `build` (what the compile step left, written by the
 * executor from sentinel-init's report). Sandboxes see them read-only and never write to the host,
 * so nothing in a job directory was made by untrusted code. Files are written with O_EXCL; removal
 * never follows links. An executor that was killed leaves its directory behind: the next one to
 * start under the same root removes it.
 */
import { readFileSync } from 'node:fs';
import { chmod, lstat, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SandboxUnavailableError } from '@sentinel/core';

export class Workspace {
  constructor(readonly dir: string) {}

  /** The job's own files: the source and the request's extra files. */
  get files(): string {
    return path.join(this.dir, 'files');
  }

  /** Writes a new file among the job's files (never over an existing one), making the folders of a nested name. */
  async write(name: string, content: string | Buffer): Promise<void> {
    const file = path.join(this.files, name);
    if (path.relative(this.files, file).startsWith('..')) throw new Error(`file name ${JSON.stringify(name)} leaves the job directory`);
    await mkdir(path.dirname(file), { recursive: true, mode: 0o755 });
    await writeFile(file, content, { flag: 'wx', mode: 0o644 });
  }

  /** A new, empty directory for the compile step's output. */
  async build(): Promise<string> {
    const dir = path.join(this.dir, 'build');
    await mkdir(dir, { mode: 0o755 });
    return dir;
  }

  async remove(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true, maxRetries: 3 });
  }
}

const OWNER_FILE = 'owner';
const NEW_DIRECTORY_MS = 60_000;

export class Workspaces {
  private own: string | undefined;

  constructor(readonly root: string) {}

  /** This process's directory under the root (its job directories and sandbox scratch files). */
  get dir(): string {
    if (!this.own) throw new Error('Workspaces.init() first');
    return this.own;
  }

  /**
   * Creates the root (0711: sandboxes may pass through to the files they are given, not list it),
   * removes what executors that are gone left there, and makes this process's own directory.
   */
  async init(): Promise<void> {
    await mkdir(this.root, { recursive: true, mode: 0o711 });
    const stat = await lstat(this.root);
    if (!stat.isDirectory() || stat.uid !== process.getuid?.()) {
      throw new SandboxUnavailableError(`work directory ${this.root} must be a real directory owned by the executor's user`);
    }
    await chmod(this.root, 0o711);
    await this.sweep();
    this.own = await mkdtemp(path.join(this.root, 'executor-'));
    await chmod(this.own, 0o711);
    await writeFile(path.join(this.own, OWNER_FILE), processIdentity(process.pid) ?? String(process.pid));
  }

  async create(): Promise<Workspace> {
    // Random and not the job's id: the path shows in the sandbox's /proc/self/mountinfo.
    const dir = await mkdtemp(path.join(this.dir, 'job-'));
    await chmod(dir, 0o711);
    const workspace = new Workspace(dir);
    await mkdir(workspace.files, { mode: 0o755 });
    return workspace;
  }

  /** Removes this process's directory (its jobs are done). */
  async close(): Promise<void> {
    if (this.own) await rm(this.own, { recursive: true, force: true, maxRetries: 3 });
    this.own = undefined;
  }

  /** The directories of executors that are no longer running (their process is gone, or its pid is another process now). */
  private async sweep(): Promise<void> {
    for (const entry of await readdir(this.root, { withFileTypes: true })) {
      if (!entry.isDirectory() || !entry.name.startsWith('executor-')) continue;
      const dir = path.join(this.root, entry.name);
      const owner = await readFile(path.join(dir, OWNER_FILE), 'utf8').catch(() => undefined);
      if (owner !== undefined && processIdentity(Number(owner.split(' ')[0])) === owner) continue;
      // Another executor may have made it a moment ago and not yet written its owner.
      if (owner === undefined && Date.now() - (await lstat(dir)).mtimeMs < NEW_DIRECTORY_MS) continue;
      await rm(dir, { recursive: true, force: true, maxRetries: 3 });
    }
  }
}

/** "pid starttime": names one process for its lifetime (a pid alone may be reused); undefined when there is none. */
function processIdentity(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const startTime = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    return `${pid} ${startTime}`;
  } catch {
    return undefined;
  }
}
