/**
 * Rlimits mode (no cgroup, as in an unprivileged container) for the packs whose runtimes reserve
 * far more address space than they use (memoryRlimit "data": JVM, V8, Go, BEAM ...): each pack's
 * conformance suite through the real sandbox with SENTINEL_CGROUP=off. The other packs run there
 * the same way as under a cgroup; these are the ones a wrong rlimit breaks.
 */
import test from 'ava';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadPacks } from '@sentinel/core';
import { readExecutorConfig } from '../executor/src/config.js';
import { PackTester } from '../executor/src/pack-test/conformance.js';

/** Packs that cannot run without a cgroup, and why (their READMEs say so too). */
const NEEDS_CGROUP = new Map([['bun', 'JavaScriptCore maps about 10 GiB of writable address space at start']]);

const registry = await loadPacks({});
const workDir = await mkdtemp(path.join(os.tmpdir(), 'sentinel-packs-rlimits-'));
await chmod(workDir, 0o711);
const tester = PackTester.create(readExecutorConfig({ SENTINEL_WORK_DIR: path.join(workDir, 'jobs'), SENTINEL_CGROUP: 'off' }));
test.after.always(async () => {
  await (await tester).close();
  await rm(workDir, { recursive: true, force: true });
});

const packs = registry.list().filter((pack) => pack.memoryRlimit === 'data' && !NEEDS_CGROUP.has(pack.id));

test('the address-space-hungry runtimes declare RLIMIT_DATA', (t) => {
  for (const id of ['java', 'kotlin', 'javascript', 'typescript', 'go', 'erlang', 'elixir']) t.is(registry.find(id)?.memoryRlimit, 'data', id);
});

for (const pack of packs) {
  test(`${pack.id} is conformant in rlimits mode`, async (t) => {
    const report = await (await tester).test(pack);
    const failures = report.fixtures.flatMap((fixture) => fixture.problems.map((problem) => `${fixture.fixture}: ${problem}`));
    t.deepEqual(failures, [], failures.join('\n'));
    t.true(report.ok);
  });
}
