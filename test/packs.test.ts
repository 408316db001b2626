/**
 * The conformance suite of every installed language pack (the same checks `npx
 * sentinel-pack-test` runs for a pack author): toolchain present, the required fixtures there,
 * every fixture's verdict through the executor's judge and the real sandbox. A pack whose
 * toolchain is missing fails here; it is never skipped.
 */
import test from 'ava';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadPacks } from '@sentinel/core';
import { readExecutorConfig } from '../executor/src/config.js';
import { PackTester } from '../executor/src/pack-test/conformance.js';

const registry = await loadPacks({});
const workDir = await mkdtemp(path.join(os.tmpdir(), 'sentinel-packs-'));
await chmod(workDir, 0o711); // the sandbox uid passes through to its job directories
const tester = PackTester.create(readExecutorConfig({ SENTINEL_WORK_DIR: path.join(workDir, 'jobs'), SENTINEL_CGROUP_NAME: 'sentinel-packs-test' }));
test.after.always(async () => {
  await (await tester).close();
  await rm(workDir, { recursive: true, force: true });
});

test('the bundled packs are all installed', (t) => {
  t.true(registry.ids().length >= 5, registry.ids().join(', '));
});

for (const pack of registry.list()) {
  test(`${pack.id} is conformant`, async (t) => {
    const report = await (await tester).test(pack, registry.list());
    const failures = [
      ...report.missingTools.map((tool) => `toolchain missing: ${tool} (debianPackages: ${pack.debianPackages.join(' ')})`),
      ...report.missingFixtures.map((kind) => `fixture missing: ${kind}`),
      ...report.nameClashes.map((clash) => `name clash: ${clash}`),
      ...report.fixtures.flatMap((fixture) => fixture.problems.map((problem) => `${fixture.fixture}: ${problem}`)),
    ];
    t.deepEqual(failures, [], failures.join('\n'));
    t.true(report.ok);
  });
}
