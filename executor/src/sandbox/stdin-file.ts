/**
 * A run's stdin as a regular file. A pipe from Node's spawn is a socket, and a socket cannot be
 * opened by name: `open("/dev/stdin")` fails with ENXIO, which breaks the common
 * `fs.readFileSync("/dev/stdin")` and `cat /dev/stdin` idioms (and SQLite's readfile). A file can
 * be, and it is seekable, so programs can also learn the input's size.
 *
 * The file is written next to the job directory, in the executor's own work root (which the
 * sandbox cannot see or list), opened read-only and unlinked at once: the program gets a
 * descriptor to an input nobody else can reach.
 */
import { randomBytes } from 'node:crypto';
import { open, unlink } from 'node:fs/promises';

export interface StdinFile {
  /** A read-only descriptor positioned at the start of the input. */
  fd: number;
  /** Closes the executor's copy (the child keeps its own). */
  close(): Promise<void>;
}

export async function stdinFile(jobDir: string, content: string): Promise<StdinFile> {
  const path = `${jobDir}.stdin-${randomBytes(4).toString('hex')}`;
  // Readable by others: a program may reopen its stdin through /proc/self/fd/0, which checks the
  // mode again; nobody else can reach it (unlinked below, in a directory only the executor lists).
  const writer = await open(path, 'wx', 0o644);
  try {
    await writer.writeFile(content);
  } finally {
    await writer.close();
  }
  const reader = await open(path, 'r');
  await unlink(path);
  return { fd: reader.fd, close: () => reader.close() };
}
