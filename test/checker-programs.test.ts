/**
 * Checker programs through the real stack (master, executor, Redis, the sandbox, real g++ and
 * python3, over HTTP): problems with many right answers, a float tolerance written by hand,
 * partial credit, and checkers that are themselves broken.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { postJson } from './helpers/services.js';
import { sharedStack } from './helpers/shared-stack.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/judging/${name}`, import.meta.url), 'utf8');

const stack = sharedStack(test);
const { run } = stack;

const verdicts = (job: { testCases: Array<{ verdict: string }> }) => job.testCases.map((result) => result.verdict);
const messages = (job: { testCases: Array<{ checkerMessage?: string }> }) => job.testCases.map((result) => result.checkerMessage);

// A square 1-2-4-3-1: from 1 to 4 there are two shortest paths, 1 2 4 and 1 3 4.
const square = (s: number, t: number) => `4 4 ${s} ${t}\n1 2\n2 4\n1 3\n3 4\n`;
const pathChecker = { type: 'program', language: 'cpp', code: fixture('shortest-path-checker.cpp') };

test('many right answers: a C++ checker accepts any shortest path, whichever the expected answer shows', async (t) => {
  const testCases = [
    { input: square(1, 4), expected: '3\n1 2 4' },
    { input: square(1, 4), expected: '3\n1 3 4' },
  ];
  for (const reversed of [false, true]) {
    const code = fixture('shortest-path.py').replace('REVERSED = False', `REVERSED = ${reversed ? 'True' : 'False'}`);
    const job = await run({ language: 'python', code, testCases, checker: pathChecker });
    t.like(job, { status: 'completed', verdict: 'ACCEPTED', passed: 2, score: 2, maxScore: 2, checkerCompile: { success: true } });
    t.deepEqual(messages(job), ['shortest path of length 2', 'shortest path of length 2']);
    t.is(job.testCases[0].actualOutput, reversed ? '3\n1 3 4\n' : '3\n1 2 4\n');
  }
  // The built-in exact checker would fail one of the two tests whichever path the solution finds.
  const exact = await run({ language: 'python', code: fixture('shortest-path.py'), testCases });
  t.deepEqual(verdicts(exact), ['ACCEPTED', 'WRONG_ANSWER']);
});

test('the checker rejects a longer path, a path over a missing edge and output that is no path', async (t) => {
  const answers = `import sys
answers = {"4 4 1 4": "5\\n1 2 4 3 4", "4 4 1 3": "3\\n1 4 3", "4 4 2 3": "no path", "4 4 2 1": "2\\n2 1"}
print(answers[sys.stdin.readline().strip()])
`;
  const testCases = [square(1, 4), square(1, 3), square(2, 3), square(2, 1)].map((input) => ({ input, expected: '' }));
  const job = await run({ language: 'python', code: answers, testCases, checker: pathChecker });
  t.deepEqual(verdicts(job), ['WRONG_ANSWER', 'WRONG_ANSWER', 'PRESENTATION_ERROR', 'ACCEPTED']);
  t.deepEqual(messages(job), ['path of length 4, the shortest is 2', 'no edge 1-4', 'expected a vertex count', 'shortest path of length 1']);
  // PRESENTATION_ERROR ranks below WRONG_ANSWER: the job's verdict is the worst of its tests'.
  t.like(job, { verdict: 'WRONG_ANSWER', passed: 1, score: 1, maxScore: 4 });
  t.deepEqual(job.testCases.map((result: { passed: boolean }) => result.passed), [false, false, false, true]);
});

test('a float checker written by hand: equal within 1e-6, a word that is no number is a presentation error', async (t) => {
  const checker = { type: 'program', language: 'python', code: fixture('float-checker.py') };
  const code = `a, b = map(int, input().split())
print("nan?" if b == 0 else a / b)
`;
  const testCases = [
    { input: '1 3', expected: '0.333333333' },
    { input: '2 3', expected: '0.6666667' },
    { input: '1 7', expected: '0.15' },
    { input: '1 0', expected: '0' },
  ];
  const job = await run({ language: 'python', code, testCases, checker });
  t.deepEqual(verdicts(job), ['ACCEPTED', 'ACCEPTED', 'WRONG_ANSWER', 'PRESENTATION_ERROR']);
  t.deepEqual(messages(job), ['1 numbers ok', '1 numbers ok', 'number 1: expected 0.15, found 0.14285714285714285', 'output is not a list of numbers']);
  t.like(job, { verdict: 'WRONG_ANSWER', passed: 2, score: 2, maxScore: 4 });
});

test('partial credit: a checker\'s "points F" with exit 7 scores its fraction of the test\'s points', async (t) => {
  const checker = { type: 'program', language: 'python', code: fixture('partial-checker.py') };
  const code = 'print(*[w if int(w) % 3 else 0 for w in input().split()])';
  const testCases = [
    { input: '1 2 3 4', expected: '1 2 3 4', points: 20 },
    { input: '1 2 4 5', expected: '1 2 4 5', points: 10 },
    { input: '3 6', expected: '3 6', points: 5 },
  ];
  const job = await run({ language: 'python', code, testCases, checker });
  t.deepEqual(verdicts(job), ['PARTIAL', 'ACCEPTED', 'WRONG_ANSWER']);
  t.deepEqual(job.testCases.map((result: { score: number }) => result.score), [15, 10, 0]);
  t.deepEqual(messages(job), ['points 0.75 3 of 4 right', 'all right', 'none right']);
  t.like(job, { verdict: 'WRONG_ANSWER', passed: 1, score: 25, maxScore: 35 });
});

const one = [{ input: '1', expected: '1' }];

test('a checker that crashes, loops or floods its output: CHECKER_ERROR with the reason, never ACCEPTED or INTERNAL_ERROR', async (t) => {
  const crash = await run({ language: 'python', code: 'print(input())', testCases: one, checker: { type: 'program', language: 'cpp', code: '#include <cstdio>\nint main() { std::puts("reading"); std::fflush(stdout); volatile int* p = nullptr; return *p; }' } });
  t.like(crash, { status: 'completed', verdict: 'CHECKER_ERROR', passed: 0, score: 0 });
  t.like(crash.testCases[0], { verdict: 'CHECKER_ERROR', passed: false, exitCode: 0, actualOutput: '1\n' });
  t.is(crash.testCases[0].checkerMessage, 'checker was killed by SIGSEGV: reading');

  const loop = await run({ language: 'python', code: 'print(input())', testCases: one, checker: { type: 'program', language: 'python', code: 'while True: pass' } });
  t.like(loop, { status: 'completed', verdict: 'CHECKER_ERROR' });
  t.regex(loop.testCases[0].checkerMessage, /^checker was stopped by its (CPU|wall-clock) time limit$/);

  const flood = await run({ language: 'python', code: 'print(input())', testCases: one, checker: { type: 'program', language: 'python', code: 'while True: print("x" * 4096)' } });
  t.like(flood, { status: 'completed', verdict: 'CHECKER_ERROR' });
  t.regex(flood.testCases[0].checkerMessage, /^checker was stopped by its output limit: x{100}/);
  t.true(Buffer.byteLength(flood.testCases[0].checkerMessage) <= 4 * 1024 + 3);

  const noVerdict = await run({ language: 'python', code: 'print(input())', testCases: one, checker: { type: 'program', language: 'python', code: 'import sys\nsys.exit(3 if len(sys.argv) != 4 else 42)' } });
  t.is(noVerdict.testCases[0].checkerMessage, 'checker exited 42, which is no verdict (0, 1, 2, 3 or 7)');
});

test('a checker that does not compile: CHECKER_ERROR with the compiler output, no test runs', async (t) => {
  const job = await run({ language: 'python', code: 'print(input())', testCases: [...one, ...one], checker: { type: 'program', language: 'cpp', code: 'int main() { return }' } });
  t.like(job, { status: 'completed', verdict: 'CHECKER_ERROR', passed: 0, score: 0, maxScore: 2, checkerCompile: { success: false } });
  t.regex(job.error, /^the checker did not compile:\n[\s\S]*error: expected/);
  t.deepEqual(verdicts(job), ['CHECKER_ERROR', 'CHECKER_ERROR']);
});

test('the checker sees the three files and its own program, nothing of the solution\'s', async (t) => {
  const checker = `import os, sys
print(sorted(os.listdir(".")), sys.argv[1:], open("output.txt").read().strip())
`;
  const job = await run({ language: 'cpp', code: '#include <cstdio>\nint main() { std::puts("SOLUTION-SECRET"); }', testCases: one, checker: { type: 'program', language: 'python', code: checker } });
  t.like(job, { verdict: 'ACCEPTED' });
  const seen = job.testCases[0].checkerMessage as string;
  t.regex(seen, /^\['answer\.txt', 'input\.txt', (.*, )?'output\.txt'(, .*)?\] \['input\.txt', 'output\.txt', 'answer\.txt'\] SOLUTION-SECRET$/);
  t.notRegex(seen, /main\.cpp|a\.out|solution/);
});

test('bad checker requests are a 400 naming the field', async (t) => {
  const base = { language: 'python', code: 'print(1)', testCases: one };
  const unknown = await postJson(`${stack.url()}/execute`, { ...base, checker: { type: 'program', language: 'cobol-99', code: 'x' } });
  t.is(unknown.status, 400);
  t.like(unknown.body, { error: 'UNKNOWN_LANGUAGE', field: 'checker.language' });
  const noCode = await postJson(`${stack.url()}/execute`, { ...base, checker: { type: 'program', language: 'python' } });
  t.is(noCode.status, 400);
  t.regex(JSON.stringify(noCode.body), /checker\.code/);
  const both = await postJson(`${stack.url()}/execute`, { ...base, checker: { type: 'program', language: 'python', code: 'x' }, interactor: { language: 'python', code: 'x' } });
  t.is(both.status, 400);
  t.like(both.body, { field: 'checker' });
  const reservedName = await postJson(`${stack.url()}/execute`, { ...base, checker: { type: 'program', language: 'python', code: 'x', files: [{ name: 'answer.txt', content: '' }] } });
  t.is(reservedName.status, 400);
  t.regex(JSON.stringify(reservedName.body), /answer\.txt/);
});
