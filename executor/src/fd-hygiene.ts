/**
 * File descriptors a parent left open without close-on-exec would be inherited by bwrap and, as
 * bwrap closes none, by the untrusted program (a write end of someone's pipe, a socket...). Node
 * opens all of its own descriptors close-on-exec, so any descriptor without it was inherited, and
 * is closed at start. /proc/self/fdinfo shows close-on-exec as the O_CLOEXEC bit of "flags".
 */
import { closeSync, readdirSync, readFileSync } from 'node:fs';

const O_CLOEXEC = 0o2000000;

/** Closes every descriptor above stderr that would survive exec; answers which it closed. */
export function closeInheritedFds(): number[] {
  const closed: number[] = [];
  for (const name of readdirSync('/proc/self/fd')) {
    const fd = Number(name);
    if (fd <= 2) continue;
    let info: string;
    try {
      info = readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8');
    } catch {
      continue; // the descriptor readdir itself used, closed by now
    }
    const flags = /^flags:\s*([0-7]+)$/m.exec(info)?.[1];
    if (flags === undefined || (parseInt(flags, 8) & O_CLOEXEC) !== 0) continue;
    try {
      closeSync(fd);
      closed.push(fd);
    } catch {
      // closed meanwhile
    }
  }
  return closed;
}
