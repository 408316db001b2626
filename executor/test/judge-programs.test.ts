/**
 * judge() with checker programs and interactors, through the real sandbox and real toolchains:
 * built once per job, run per test, their exit codes the verdicts (the end-to-end cases are in
 * test/checker-programs.test.ts and test/interactors.test.ts).
 */
import test from 'ava';
import { bundledPacks } from './helpers.js';
import { judgeWith, visible } from './judge-helpers.js';

// A checker that accepts any answer with the right sum of numbers, printing what it saw.
const sumChecker = `import sys
want = int(open(sys.argv[3]).read())
got = sum(int(word) for word in open(sys.argv[2]).read().split())
print(f"sum {got}, want {want}")
sys.exit(0 if got == want else 1)
`;

test('a checker program is built once and run per test with input.txt output.txt answer.txt', async (t) => {
  const { python } = await bundledPacks();
  const testCases = [
    { input: '5', expected: '5' },
    { input: '7', expected: '7', points: 3 },
    { input: '9', expected: '10' },
  ];
  // Many right answers: any split of n into numbers.
  const code = 'n = int(input())\nprint(n - 2, 1, 1)';
  const { result, recording } = await judgeWith(t, python, { code, testCases, checker: { type: 'program', language: 'python', code: sumChecker, files: [] } }, undefined, [python]);
  t.deepEqual(visible(result).map((test) => [test.verdict, test.score, test.checkerMessage]), [
    ['ACCEPTED', 1, 'sum 5, want 5'],
    ['ACCEPTED', 3, 'sum 7, want 7'],
    ['WRONG_ANSWER', 0, 'sum 9, want 10'],
  ]);
  t.like(result, { verdict: 'WRONG_ANSWER', passed: 2, score: 4, maxScore: 5 });
  const checkerRuns = recording.runs.filter((run) => run.argv.includes('answer.txt'));
  t.is(checkerRuns.length, 3);
  t.deepEqual(checkerRuns[0]!.argv.slice(-3), ['input.txt', 'output.txt', 'answer.txt']);
});

test('a checker that does not compile: CHECKER_ERROR, the solution never runs', async (t) => {
  const { python, cpp } = await bundledPacks();
  const { result, recording } = await judgeWith(t, python, { code: 'print(1)', testCases: [{ input: '', expected: '1' }], checker: { type: 'program', language: 'cpp', code: 'int main( {', files: [] } }, undefined, [cpp]);
  t.like(result, { verdict: 'CHECKER_ERROR', passed: 0, score: 0, maxScore: 1 });
  t.regex(result.error, /^the checker did not compile:\n/);
  t.false(result.checkerCompile!.success);
  t.is(visible(result)[0]!.verdict, 'CHECKER_ERROR');
  t.is(recording.runs.length, 1); // the checker's compile only
});

// Reads the secret from input.txt; answers "<", ">" or "=" to "? x"; accepts "! x" within 10 queries.
const interactor = `import sys
secret = int(open(sys.argv[1]).read())
for asked in range(11):
    line = sys.stdin.readline().split()
    if not line:
        print("no answer", file=sys.stderr); sys.exit(1)
    if line[0] == "!":
        ok = int(line[1]) == secret
        print(f"{'right' if ok else 'wrong'} after {asked} queries", file=sys.stderr)
        sys.exit(0 if ok else 1)
    x = int(line[1])
    print("<" if secret < x else ">" if secret > x else "=", flush=True)
print("too many queries", file=sys.stderr)
sys.exit(1)
`;

test('an interactor talks with the solution; the verdict is its exit code; both sides are measured', async (t) => {
  const { python } = await bundledPacks();
  const search = `lo, hi = 1, 1000
while True:
    mid = (lo + hi) // 2
    print("?", mid, flush=True)
    answer = input()
    if answer == "=":
        print("!", mid, flush=True); break
    if answer == "<": hi = mid - 1
    else: lo = mid + 1
`;
  const testCases = [{ input: '1', expected: '' }, { input: '777', expected: '' }];
  const { result } = await judgeWith(t, python, { code: search, testCases, interactor: { language: 'python', code: interactor, files: [] } }, undefined, [python]);
  t.like(result, { verdict: 'ACCEPTED', passed: 2, score: 2 });
  const [first] = visible(result);
  t.regex(first!.checkerMessage!, /^right after \d+ queries$/);
  t.like(first!.interactor, { exitCode: 0, signal: null, limitExceeded: null });
  t.true(first!.interactor!.executionTime > 0);
  t.regex(first!.actualOutput, /^\? 500\n/);

  const linear = 'x = 1\nwhile True:\n    print("?", x, flush=True)\n    if input() == "=":\n        print("!", x, flush=True); break\n    x += 1\n';
  const slow = await judgeWith(t, python, { code: linear, testCases: [{ input: '500', expected: '' }], interactor: { language: 'python', code: interactor, files: [] } }, undefined, [python]);
  // The interactor gives up first; the solution then dies of the broken pipe: the WRONG_ANSWER stands.
  t.like(visible(slow.result)[0], { verdict: 'WRONG_ANSWER', checkerMessage: 'too many queries' });
});

test('a checker in a language this executor lacks: CHECKER_ERROR saying so, and nothing runs', async (t) => {
  const { python } = await bundledPacks();
  const { result, recording } = await judgeWith(t, python, { code: 'print(1)', testCases: [{ input: '', expected: '1' }], checker: { type: 'program', language: 'cpp', code: 'int main() {}', files: [] } });
  t.like(result, { verdict: 'CHECKER_ERROR', passed: 0, score: 0, maxScore: 1 });
  t.is(result.error, 'the checker is written in cpp, which is not installed where python jobs run: write it in python, or run python on executors that have both');
  t.is(visible(result)[0]!.verdict, 'CHECKER_ERROR');
  t.is(recording.runs.length, 0);
});
