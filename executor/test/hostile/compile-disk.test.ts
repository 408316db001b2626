/**
 * A compile step cannot fill the host's disk, whatever kind of file it writes: nameless
 * (O_TMPFILE), unlinked while open, or sparse and then filled. Its /box and /tmp are tmpfs mounts
 * of the sandbox's own, capped by the kernel; what the compile leaves comes back through the
 * executor, bounded too. The host's free space is sampled while each attack runs.
 */
import test from 'ava';
import { statfs } from 'node:fs/promises';
import { useHostile } from './harness.js';

const MiB = 1024 * 1024;
/**
 * Each attack would take gigabytes of the host's disk if it reached it (240 x 64 MiB, or as fast as
 * the disk writes for 8 s). Other processes on this machine write to the same disk meanwhile (other
 * test files, image builds), so the bound tells a reached disk from noise rather than 32 MiB (the
 * caps of /box and /tmp, which are not on the disk at all).
 */
const HOST_DISK_BOUND = 1024 * MiB;

const hostile = useHostile(61_150, 'sentinel-hostile-compile-disk');

/** The attack in Python, run by the build-test pack's compile step: it ignores its errors and goes on. */
const attack = (body: string) => `/usr/bin/python3 - <<'EOF'
import os, time
held = []
def fill(fd):
    try:
        while True:
            os.posix_fallocate(fd, os.fstat(fd).st_size, 1 << 20)
    except OSError:
        pass
${body}
time.sleep(3)
EOF
echo built > out`;

const ATTACKS: Record<string, string> = {
  'nameless files (O_TMPFILE) of 64 MiB each, then 1 MiB at a time': `
for where in ("/box", "/tmp"):
    for i in range(24):
        try:
            fd = os.open(where, os.O_TMPFILE | os.O_RDWR, 0o600)
        except OSError:
            break
        held.append(fd)
        try:
            os.posix_fallocate(fd, 0, 64 << 20)
        except OSError:
            fill(fd)`,
  'files unlinked while open': `
for i in range(32):
    fd = os.open(f"gone{i}", os.O_CREAT | os.O_RDWR, 0o600)
    os.unlink(f"gone{i}")
    held.append(fd)
    fill(fd)`,
  'sparse files of 60 MiB (under the per-file limit, over the cap), then filled': `
for i in range(8):
    fd = os.open(f"sparse{i}", os.O_CREAT | os.O_RDWR, 0o600)
    os.ftruncate(fd, 60 << 20)
    held.append(fd)
    try:
        for offset in range(0, 60 << 20, 1 << 20):
            os.pwrite(fd, b"x" * (1 << 20), offset)
    except OSError:
        pass`,
};

for (const [name, body] of Object.entries(ATTACKS)) {
  test.serial(`compile-time code writing ${name}: the host keeps its free space, the verdict names the limit`, async (t) => {
    const before = await freeBytes(hostile().real.root);
    let lowest = before;
    const sampling = setInterval(() => void freeBytes(hostile().real.root).then((free) => (lowest = Math.min(lowest, free))), 20);
    try {
      const result = await hostile().run('build-test', attack(body), { testCases: [{ input: '', expected: 'built' }], limits: { wallMs: 5_000 } });
      t.is(result.verdict, 'COMPILATION_ERROR', JSON.stringify(result).slice(0, 500));
      t.regex(result.error, /job directory size limit/);
    } finally {
      clearInterval(sampling);
    }
    const used = before - lowest;
    t.log(`host free space went down by at most ${(used / MiB).toFixed(1)} MiB while it ran`);
    t.true(used < HOST_DISK_BOUND, `${used} bytes of the host's disk used`);
  });
}

async function freeBytes(dir: string): Promise<number> {
  const info = await statfs(dir);
  return info.bavail * info.bsize;
}
