/**
 * Interactive problems through the real stack: a guessing-game interactor in C++ talks with
 * solutions in Python and C++, each side in its own sandbox, over crossed pipes.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { postJson } from './helpers/services.js';
import { sharedStack } from './helpers/shared-stack.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/judging/${name}`, import.meta.url), 'utf8');

const stack = sharedStack(test);
const { run } = stack;

const interactor = { language: 'cpp', code: fixture('guess-interactor.cpp') };
// input.txt is "secret limit": 30 questions are enough for a binary search over 1..1e9.
const games = ['123456789 30', '1 30', '1000000000 30'].map((input) => ({ input, expected: '' }));
const summary = (job: { testCases: Array<{ verdict: string; checkerMessage?: string }> }) => job.testCases.map((result) => [result.verdict, result.checkerMessage]);

for (const [language, file] of [['python', 'guess.py'], ['cpp', 'guess.cpp']] as const) {
  test(`a right ${language} solution wins every game; both sides are measured`, async (t) => {
    const job = await run({ language, code: fixture(file), testCases: games, interactor });
    t.like(job, { status: 'completed', verdict: 'ACCEPTED', passed: 3, total: 3, score: 3, maxScore: 3, checkerCompile: { success: true } });
    t.deepEqual(summary(job).map(([verdict]) => verdict), ['ACCEPTED', 'ACCEPTED', 'ACCEPTED']);
    for (const result of job.testCases) {
      t.regex(result.checkerMessage, /^right after (2\d|30|1\d) questions$/);
      t.like(result, { exitCode: 0, signal: null, limitExceeded: null, interactor: { exitCode: 0, signal: null, limitExceeded: null } });
      t.true(result.cpuTimeMs >= 0 && result.interactor.cpuTimeMs >= 0 && result.interactor.executionTime > 0);
      t.regex(result.actualOutput, /^\? 500000000\n/); // what the solution said, as the interactor heard it
    }
  });
}

test('a wrong guess, and too many questions: WRONG_ANSWER from the interactor', async (t) => {
  const wrong = fixture('guess.py').replace('print("!", mid, flush=True)', 'print("!", mid + 1, flush=True)');
  const wrongJob = await run({ language: 'python', code: wrong, testCases: games.slice(0, 1), interactor });
  t.deepEqual(summary(wrongJob), [['WRONG_ANSWER', 'wrong guess 123456790']]);

  const linear = `#include <iostream>
#include <string>
int main() {
  for (long long x = 1;; x++) {
    std::cout << "? " << x << std::endl;
    std::string answer;
    if (!(std::cin >> answer)) return 0;
    if (answer == "=") { std::cout << "! " << x << std::endl; return 0; }
  }
}`;
  const linearJob = await run({ language: 'cpp', code: linear, testCases: [{ input: '12 30', expected: '' }, { input: '1000 30', expected: '' }], interactor });
  t.deepEqual(summary(linearJob), [['ACCEPTED', 'right after 12 questions'], ['WRONG_ANSWER', 'too many questions']]);
  t.like(linearJob, { verdict: 'WRONG_ANSWER', passed: 1, score: 1 });
});

test('a solution that dies after the interactor has judged it keeps the interactor\'s WRONG_ANSWER', async (t) => {
  // It guesses wrong, then writes on into the closed pipe until SIGPIPE or BrokenPipeError ends it.
  const code = 'import sys\nprint("! 5", flush=True)\nwhile True:\n    print("? 1", flush=True)';
  const job = await run({ language: 'python', code, testCases: games.slice(0, 1), interactor });
  t.deepEqual(summary(job), [['WRONG_ANSWER', 'wrong guess 5']]);
});

test('too slow: a solution that spins is TIME_LIMIT on its CPU time', async (t) => {
  const code = 'input_ok = True\nwhile True: pass';
  const job = await run({ language: 'python', code, testCases: games.slice(0, 1), interactor, limits: { cpuMs: 500, wallMs: 3000 } });
  t.like(job.testCases[0], { verdict: 'TIME_LIMIT', limitExceeded: 'cpu' });
  t.like(job, { verdict: 'TIME_LIMIT', passed: 0, score: 0 });
});

test('silent: a solution that says nothing and exits is WRONG_ANSWER; one that waits forever is TIME_LIMIT on the wall clock', async (t) => {
  const exits = await run({ language: 'cpp', code: 'int main() { return 0; }', testCases: games.slice(0, 1), interactor });
  t.deepEqual(summary(exits), [['WRONG_ANSWER', 'no answer after 0 questions']]);

  const waits = await run({ language: 'python', code: 'import sys\nsys.stdin.read()', testCases: games.slice(0, 1), interactor, limits: { cpuMs: 1000, wallMs: 2000 } });
  t.like(waits.testCases[0], { verdict: 'TIME_LIMIT', limitExceeded: 'wall' });
  t.true(waits.executionTime < 15_000);
});

test('an interactor that crashes is CHECKER_ERROR; bad interactor requests are a 400', async (t) => {
  const broken = { language: 'cpp', code: '#include <cstdlib>\nint main() { std::abort(); }' };
  const job = await run({ language: 'python', code: fixture('guess.py'), testCases: games.slice(0, 1), interactor: broken });
  t.like(job.testCases[0], { verdict: 'CHECKER_ERROR', interactor: { signal: 'SIGABRT' } });
  t.regex(job.testCases[0].checkerMessage, /^interactor was killed by SIGABRT/);

  const withStdin = await postJson(`${stack.url()}/execute`, { language: 'python', code: 'x', stdin: 'y', interactor });
  t.is(withStdin.status, 400);
  const unknown = await postJson(`${stack.url()}/execute`, { language: 'python', code: 'x', testCases: games, interactor: { language: 'nope', code: 'x' } });
  t.is(unknown.status, 400);
  t.like(unknown.body, { error: 'UNKNOWN_LANGUAGE', field: 'interactor.language' });
});
