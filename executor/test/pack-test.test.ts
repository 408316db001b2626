/**
 * sentinel-pack-test, the conformance CLI a pack author runs, on a conformant pack and on two
 * that are not: its exit code and what it says.
 */
import test from 'ava';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../dist/pack-test/cli.js', import.meta.url));
const dir = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

function packTest(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (out += chunk));
    child.once('close', (code) => resolve({ code, out }));
  });
}

test('a conformant pack: every fixture ok, exit 0', async (t) => {
  const { code, out } = await packTest([dir('../../language-packs/bash')]);
  t.is(code, 0, out);
  t.regex(out, /^pack bash\n/);
  t.regex(out, /ok {3}time-limit {9}TIME_LIMIT/);
  t.regex(out, /conformant\n$/);
});

test('a missing toolchain is a failure, not a skip', async (t) => {
  const { code, out } = await packTest([dir('fixtures/lang-broken')]);
  t.is(code, 1);
  t.regex(out, /MISSING toolchain: \/usr\/bin\/sentinel-no-such-compiler is not installed/);
  t.regex(out, /NOT conformant\n$/);
});

test('wrong verdicts and missing fixture kinds are each reported; --json gives the details', async (t) => {
  const { code, out } = await packTest([dir('fixtures/lang-wrong'), '--json']);
  t.is(code, 1);
  const report = JSON.parse(out);
  t.false(report.ok);
  t.deepEqual(report.missingFixtures, ['echo (ACCEPTED, output from stdin)', 'test cases (ACCEPTED, two or more passing)', 'WRONG_ANSWER', 'RUNTIME_ERROR', 'TIME_LIMIT']);
  const wrong = report.fixtures.find((fixture: { fixture: string }) => fixture.fixture === 'claims-accepted');
  t.deepEqual(wrong.problems, ['verdict RUNTIME_ERROR, expected ACCEPTED', 'passed [false], expected [true]']);
});

test('a directory that is not a pack exits 2 naming the problem', async (t) => {
  const { code, out } = await packTest([dir('fixtures')]);
  t.is(code, 2);
  t.regex(out, /^sentinel-pack-test: /);
});

test('names another installed pack claims (alias, Piston name, Judge0 id) are each reported', async (t) => {
  const { code, out } = await packTest([dir('fixtures/lang-clash')]);
  t.is(code, 1, out);
  t.regex(out, /NAME CLASH: language name "py" is claimed by both @sentinel\/lang-python and sentinel-lang-clash-test/);
  t.regex(out, /NAME CLASH: Piston language name "c\+\+" is claimed by both @sentinel\/lang-cpp and sentinel-lang-clash-test/);
  t.regex(out, /NAME CLASH: Judge0 language id "62" is claimed by both @sentinel\/lang-java and sentinel-lang-clash-test/);
  t.regex(out, /NOT conformant\n$/);
});

test('a missing toolchain says how to install it', async (t) => {
  const { out } = await packTest([dir('fixtures/lang-broken')]);
  t.regex(out, /install it with `npm run setup` in Sentinel/);
});
