/**
 * Hostile programs against the limits: each test asserts the verdict the run gets AND that the
 * host is unchanged afterwards (no surviving process, cgroup or job directory). The same cases run
 * with a cgroup per run (limits.test.ts) and without one (limits-rlimits.test.ts: rlimits and
 * sentinel-init's watcher, as in an unprivileged container): the verdicts are the same.
 */
import test from 'ava';
import { HOSTILE_LIMITS, useHostile, type Hostile } from './harness.js';

const MiB = 1024 * 1024;

/** Registers the cases on a hostile executor of its own; answers it, for cases a file adds. */
export function limitCases(uid: number, cgroupName: string, options: { rlimits?: boolean } = {}): () => Hostile {
  const hostile = useHostile(uid, cgroupName, options);
  const mode = options.rlimits ? ' (rlimits)' : '';

  const one = [{ input: '', expected: '' }];
  /** For the CPU-time tests: wall-clock room, so a busy machine cannot turn them into wall-time limits. */
  const cpuBound = { wallMs: 5_000 };

  test.serial(`a fork bomb in C is held at the process limit and stopped at the CPU limit${mode}`, async (t) => {
    const result = await hostile().run('c', '#include <unistd.h>\nint main(void) { for (;;) fork(); }', { testCases: one, limits: cpuBound });
    t.is(result.verdict, 'TIME_LIMIT');
    t.is(result.testCases[0]!.limitExceeded, 'cpu');
  });

  test.serial(`a fork bomb in bash is held at the process limit and stopped at the wall clock${mode}`, async (t) => {
    const result = await hostile().run('bash', ':(){ :|:& };:\nsleep 30', { testCases: one });
    const run = result.testCases[0]!;
    t.is(run.verdict, 'TIME_LIMIT');
    t.regex(run.stderr, /fork: retry: Resource temporarily unavailable/, 'forks failed at pids.max');
  });

  test.serial(`a 2 GiB allocation is MEMORY_LIMIT, stopped at the memory limit${mode}`, async (t) => {
    // Every page written through a volatile pointer, so the compiler cannot drop the allocation.
    const code = '#include <stdlib.h>\nint main(void) { size_t n = 2UL << 30; volatile char *p = malloc(n); if (!p) return 3; for (size_t i = 0; i < n; i += 4096) p[i] = 1; return 0; }';
    const result = await hostile().run('c', code, { testCases: one });
    const run = result.testCases[0]!;
    t.is(result.verdict, 'MEMORY_LIMIT');
    t.is(run.limitExceeded, 'memory');
    t.true(run.memoryKb! <= HOSTILE_LIMITS.memoryMb! * 1024, `peak ${run.memoryKb} KiB`);
  });

  test.serial(`an infinite loop is TIME_LIMIT on CPU time${mode}`, async (t) => {
    const result = await hostile().run('c', 'int main(void) { for (volatile int i = 0;; i++); }', { testCases: one, limits: cpuBound });
    const run = result.testCases[0]!;
    t.is(result.verdict, 'TIME_LIMIT');
    t.is(run.limitExceeded, 'cpu');
    t.true(run.cpuTimeMs! >= 1_000 && run.cpuTimeMs! < 1_500, `cpu ${run.cpuTimeMs} ms`);
  });

  test.serial(`four spinning threads are stopped when their CPU time together reaches the limit${mode}`, async (t) => {
    const code = `#include <pthread.h>
  static void *spin(void *arg) { for (volatile long i = 0;; i++); return arg; }
  int main(void) { pthread_t t[4]; for (int i = 0; i < 4; i++) pthread_create(&t[i], 0, spin, 0); pthread_join(t[0], 0); }`;
    const result = await hostile().run('c', code, { testCases: one, limits: cpuBound });
    const run = result.testCases[0]!;
    t.is(run.verdict, 'TIME_LIMIT');
    t.is(run.limitExceeded, 'cpu');
    t.true(run.cpuTimeMs! >= 1_000 && run.cpuTimeMs! < 1_600, `cpu ${run.cpuTimeMs} ms`);
  });

  test.serial(`four spinning processes are stopped on their CPU time together (RLIMIT_CPU, per process, would allow 4x)${mode}`, async (t) => {
    const code = '#include <unistd.h>\nint main(void) { fork(); fork(); for (volatile long i = 0;; i++); }';
    const result = await hostile().run('c', code, { testCases: one, limits: cpuBound });
    const run = result.testCases[0]!;
    t.is(run.limitExceeded, 'cpu');
    t.true(run.cpuTimeMs! >= 1_000 && run.cpuTimeMs! < 1_600, `cpu ${run.cpuTimeMs} ms`);
  });

  test.serial(`sleeping forever is TIME_LIMIT on the wall clock, at the request's lower limit${mode}`, async (t) => {
    const result = await hostile().run('python', 'import time\ntime.sleep(10**6)', { testCases: one, limits: { wallMs: 800 } });
    const run = result.testCases[0]!;
    t.is(run.verdict, 'TIME_LIMIT');
    t.is(run.limitExceeded, 'wall');
    t.true(run.cpuTimeMs! < 500);
    t.true(run.executionTime >= 800 && run.executionTime < 2_500, `wall ${run.executionTime} ms`);
  });

  test.serial(`a 1 GiB file stops at the per-file limit (SIGXFSZ)${mode}`, async (t) => {
    const code = `#include <stdio.h>
  int main(void) { static char block[1 << 20]; FILE *f = fopen("big", "w"); for (int i = 0; i < 1024; i++) fwrite(block, 1, sizeof block, f); fclose(f); puts("written"); }`;
    const result = await hostile().run('c', code, { testCases: one });
    const run = result.testCases[0]!;
    t.is(run.verdict, 'RUNTIME_ERROR');
    t.is(run.signal, 'SIGXFSZ');
    t.is(run.actualOutput, '');
  });

  const fill = (dir: string) => `
import os
total = 0
try:
    for i in range(100000):
        with open(os.path.join("${dir}", f"f{i}"), "wb") as f:
            f.write(b"x" * (512 * 1024))
        total += 512 * 1024
except OSError as error:
    print(error.errno, total)
`;

  test.serial(`many files each under the per-file limit cannot beat the job directory cap${mode}`, async (t) => {
    const result = await hostile().run('python', fill('.'));
    t.is(result.verdict, 'ACCEPTED');
    const [errno, total] = result.output!.trim().split(' ').map(Number);
    t.is(errno, 28, 'ENOSPC');
    t.true(total! <= 16 * MiB, `${total} bytes written`);
  });

  test.serial(`filling /tmp stops at its size${mode}`, async (t) => {
    const result = await hostile().run('python', fill('/tmp'));
    const [errno, total] = result.output!.trim().split(' ').map(Number);
    t.is(errno, 28, 'ENOSPC');
    t.true(total! <= 16 * MiB, `${total} bytes written`);
  });

  test.serial(`a flood on stdout is OUTPUT_LIMIT, with exactly the cap kept${mode}`, async (t) => {
    const result = await hostile().run('c', '#include <stdio.h>\nint main(void) { for (;;) putchar(\'x\'); }', { testCases: one });
    const run = result.testCases[0]!;
    t.is(run.verdict, 'OUTPUT_LIMIT');
    t.is(run.actualOutput.length, 64 * 1024);
  });

  test.serial(`a flood on stderr is OUTPUT_LIMIT too${mode}`, async (t) => {
    const result = await hostile().run('bash', 'yes error >&2', { testCases: one });
    const run = result.testCases[0]!;
    t.is(run.verdict, 'OUTPUT_LIMIT');
    t.is(run.stderr.length, 64 * 1024);
  });

  test.serial(`#include </dev/random> at compile time ends as COMPILATION_ERROR, within the compile limits${mode}`, async (t) => {
    const started = Date.now();
    const result = await hostile().run('c', '#include </dev/random>\nint main(void) { return 0; }', { testCases: one });
    t.is(result.verdict, 'COMPILATION_ERROR');
    t.true(Date.now() - started < 9_000);
  });

  test.serial(`a compile step writing many files, each under the per-file limit, is stopped at the job directory cap${mode}`, async (t) => {
    // Ten files of 3 MB: each far under the compile's per-file limit, together past the 16 MiB cap.
    const result = await hostile().run('build-test', 'for i in $(seq 1 10); do head -c 3000000 /dev/zero > "f$i"; done\necho built > out', { testCases: one });
    t.is(result.verdict, 'COMPILATION_ERROR');
    t.regex(result.error, /job directory size limit/);
  });
  return hostile;
}
