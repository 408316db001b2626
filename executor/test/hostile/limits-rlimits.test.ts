/**
 * The limit cases (limit-cases.ts) without a cgroup, as an unprivileged container runs them:
 * rlimits per process and sentinel-init's watcher over the whole tree. Then what only the watcher
 * can catch: memory that grows a little at a time, and memory spread over several processes.
 */
import test from 'ava';
import { HOSTILE_LIMITS } from './harness.js';
import { limitCases } from './limit-cases.js';

const hostile = limitCases(61_160, 'sentinel-hostile-rlimits', { rlimits: true });
const one = [{ input: '', expected: '' }];

test.serial('the sandbox says it bounds runs with rlimits and a watcher', (t) => {
  const { info } = hostile().real.sandbox;
  t.is(info.limitsMode, 'rlimits');
  t.regex(info.enforced.memoryMb!, /watcher sums the resident memory/);
  t.regex(info.enforced.processes!, /RLIMIT_NPROC/);
});

test.serial('memory grown a megabyte at a time is MEMORY_LIMIT (the watcher)', async (t) => {
  const code = 'import time\nheld = []\nwhile True:\n    held.append(bytearray(1 << 20))\n    time.sleep(0.001)';
  const result = await hostile().run('python', code, { testCases: one, limits: { wallMs: 5_000 } });
  const run = result.testCases[0]!;
  t.is(run.verdict, 'MEMORY_LIMIT', JSON.stringify(run));
  t.true(run.memoryKb! >= HOSTILE_LIMITS.memoryMb! * 1024 && run.memoryKb! < (HOSTILE_LIMITS.memoryMb! + 64) * 1024, `peak ${run.memoryKb} KiB`);
});

test.serial('four processes of 48 MiB each (192 together, over the 128 MiB limit) are MEMORY_LIMIT', async (t) => {
  const code = `#include <stdlib.h>
#include <string.h>
#include <unistd.h>
int main(void) { fork(); fork(); char *p = malloc(48 << 20); memset(p, 1, 48 << 20); sleep(10); return p[7]; }`;
  const result = await hostile().run('c', code, { testCases: one, limits: { wallMs: 5_000 } });
  t.is(result.testCases[0]!.verdict, 'MEMORY_LIMIT', JSON.stringify(result.testCases[0]));
});

test.serial('more files in /tmp than a run may hold stops it (no cgroup charges their inodes)', async (t) => {
  const code = 'import os\nfor i in range(100000):\n    open(f"/tmp/f{i}", "w").close()\nprint("made them all")';
  const run = (await hostile().run('python', code, { testCases: one, limits: { wallMs: 5_000 } })).testCases[0]!;
  t.is(run.limitExceeded, 'disk');
  t.is(run.actualOutput, '');
});
