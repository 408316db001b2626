/**
 * Job directories. Each job gets a fresh directory with a random name under a root only the
 * executor can list; when the executor is root, the directory is handed to the sandbox uid so the
 * program can write there and nowhere else. Files are written only before any untrusted code ran
 * in the directory, with O_EXCL so nothing planted there could be followed; removal never follows
 * links (fs.rm unlinks a symlink, it does not descend into its target).
 */
import { chmod, chown, lstat, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SandboxUnavailableError } from '@sentinel/core';

export interface Owner {
  uid: number;
  gid: number;
}

export class Workspace {
  constructor(readonly dir: string) {}

  /**
   * Writes a new file (never over an existing one or through a link), making the folders of a
   * nested name. Only ever called before any untrusted code ran in the directory, with names
   * that passed SAFE_FILE_NAME (no "..", nothing absolute).
   */
  async write(name: string, content: string | Buffer): Promise<void> {
    const file = path.join(this.dir, name);
    if (path.relative(this.dir, file).startsWith('..')) throw new Error(`file name ${JSON.stringify(name)} leaves the job directory`);
    await mkdir(path.dirname(file), { recursive: true, mode: 0o755 });
    await writeFile(file, content, { flag: 'wx', mode: 0o644 });
  }

  async remove(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true, maxRetries: 3 });
  }
}

export class Workspaces {
  constructor(readonly root: string, private readonly owner?: Owner) {}

  /** Creates the root (0711: others may pass through to their own directory, not list it). */
  async init(): Promise<void> {
    await mkdir(this.root, { recursive: true, mode: 0o711 });
    const stat = await lstat(this.root);
    if (!stat.isDirectory() || stat.uid !== process.getuid?.()) {
      throw new SandboxUnavailableError(`work directory ${this.root} must be a real directory owned by the executor's user`);
    }
    await chmod(this.root, 0o711);
  }

  async create(): Promise<Workspace> {
    const dir = await mkdtemp(path.join(this.root, 'job-'));
    await chmod(dir, 0o700);
    if (this.owner) await chown(dir, this.owner.uid, this.owner.gid);
    return new Workspace(dir);
  }
}
