/**
 * Job directories. Each job gets a fresh directory with a random name under a root only the
 * executor can list, holding `files` (the source and the request's files, written by the executor
 * before anything runs) and, for compiled languages, `build` (what the compile step left, written
 * by the executor from sentinel-init's report). Sandboxes see them read-only and never write to
 * the host, so nothing in a job directory was made by untrusted code. Files are written with
 * O_EXCL; removal never follows links.
 */
import { chmod, lstat, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
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

export class Workspaces {
  constructor(readonly root: string) {}

  /** Creates the root (0711: sandboxes may pass through to the files they are given, not list it). */
  async init(): Promise<void> {
    await mkdir(this.root, { recursive: true, mode: 0o711 });
    const stat = await lstat(this.root);
    if (!stat.isDirectory() || stat.uid !== process.getuid?.()) {
      throw new SandboxUnavailableError(`work directory ${this.root} must be a real directory owned by the executor's user`);
    }
    await chmod(this.root, 0o711);
  }

  async create(): Promise<Workspace> {
    // Random and not the job's id: the path shows in the sandbox's /proc/self/mountinfo.
    const dir = await mkdtemp(path.join(this.root, 'job-'));
    await chmod(dir, 0o711);
    const workspace = new Workspace(dir);
    await mkdir(workspace.files, { mode: 0o755 });
    return workspace;
  }
}
