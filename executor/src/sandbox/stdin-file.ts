/**
 * A run's stdin as a regular file. A pipe from Node's spawn is a socket, and a socket cannot be
 * opened by name: `open("/dev/stdin")` fails with ENXIO, which breaks the common
 * `fs.readFileSync("/dev/stdin")` and `cat /dev/stdin` idioms (and SQLite's readfile). A file can
 * be, and it is seekable, so programs can also learn the input's size.
 *
 * The file is made in the executor's own work root (which the sandbox cannot see or list), opened
 * read-only and unlinked at once: the program gets a descriptor to an input nobody else can reach.
 * A spare sandbox (spare.ts) gets its stdin file empty and the run fills it through the other
 * descriptor before the program starts.
 */
import { randomBytes } from 'node:crypto';
import { open, unlink, type FileHandle } from 'node:fs/promises';

export interface StdinFile {
  /** A read-only descriptor positioned at the start of the input. */
  fd: number;
  /** Closes the executor's copy (the child keeps its own). */
  close(): Promise<void>;
}

/**
 * A new, empty and already unlinked file named after `prefix`, opened twice: `writer` for the
 * executor to fill, `reader` (read-only, at offset 0) to hand to the program as its stdin.
 */
export async function openStdinFile(prefix: string): Promise<{ writer: FileHandle; reader: FileHandle }> {
  const path = `${prefix}-${randomBytes(6).toString('hex')}`;
  // Readable by others: a program may reopen its stdin through /proc/self/fd/0, which checks the
  // mode again; nobody else can reach it (unlinked below, in a directory only the executor lists).
  const writer = await open(path, 'wx', 0o644);
  try {
    return { writer, reader: await open(path, 'r') };
  } catch (error) {
    await writer.close();
    throw error;
  } finally {
    await unlink(path).catch(() => {});
  }
}

/** A stdin file holding `content`, next to the job directory. */
export async function stdinFile(jobDir: string, content: string): Promise<StdinFile> {
  const { writer, reader } = await openStdinFile(`${jobDir}.stdin`);
  try {
    await writer.writeFile(content);
  } finally {
    await writer.close();
  }
  return { fd: reader.fd, close: () => reader.close() };
}
