/**
 * An interactive run's stdin: a FIFO. The spawner gives the sandbox its stdin by opening
 * /proc/<executor>/fd/<n>, which works for a FIFO but not for a pipe from Node's spawn (a socket:
 * ENXIO, see stdin-file.ts). Made in the executor's own work root, opened at both ends and
 * unlinked at once, like a stdin file: nobody else can reach it.
 */
import { execFile } from 'node:child_process';
import { closeSync, constants, openSync } from 'node:fs';
import { open, unlink, type FileHandle } from 'node:fs/promises';
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import type { Writable } from 'node:stream';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * A new FIFO named after `prefix`, already unlinked: `writer` (non-blocking, for the executor) and
 * `reader` (blocking, read-only, for the program), each its own open file description.
 */
export async function openStdinPipe(prefix: string): Promise<{ writer: Writable; reader: FileHandle }> {
  const path = `${prefix}-${randomBytes(6).toString('hex')}`;
  // Readable by others: a program may reopen its stdin through /proc/self/fd/0, which checks the mode.
  await run('mkfifo', ['-m', '0644', '--', path]);
  // Read-write first: opening either end alone would block until the other end is open (Linux).
  const holder = await open(path, 'r+');
  let writerFd: number | undefined;
  try {
    writerFd = openSync(path, constants.O_WRONLY | constants.O_NONBLOCK);
    const reader = await open(path, 'r');
    return { writer: new net.Socket({ fd: writerFd, readable: false, writable: true }), reader };
  } catch (error) {
    if (writerFd !== undefined) closeSync(writerFd);
    throw error;
  } finally {
    await holder.close();
    await unlink(path).catch(() => {});
  }
}
