/**
 * Points and groups (subtasks) through the real stack: tests of a group score as one, and
 * stopOnFirstFailure skips only the rest of the group that failed.
 */
import test from 'ava';
import { postJson } from './helpers/services.js';
import { sharedStack } from './helpers/shared-stack.js';

const stack = sharedStack(test);
const { run } = stack;

// Doubles n, but gets it wrong past 1000: the "large" subtask fails.
const code = 'n = int(input())\nprint(n * 2 if n <= 1000 else n)';
const testCases = [
  { input: '1', expected: '2', group: 'small', points: 20 },
  { input: '1000', expected: '2000', group: 'small', points: 20 },
  { input: '5', expected: '10', group: 'large', points: 20 },
  { input: '100000', expected: '200000', group: 'large', points: 20 },
  { input: '7', expected: '14', group: 'large', points: 20 },
];
const verdicts = (job: { testCases: Array<{ verdict: string }> }) => job.testCases.map((result) => result.verdict);

test('two groups: the one whose tests all pass scores its points, the other nothing', async (t) => {
  const job = await run({ language: 'python', code, testCases });
  t.deepEqual(verdicts(job), ['ACCEPTED', 'ACCEPTED', 'ACCEPTED', 'WRONG_ANSWER', 'ACCEPTED']);
  t.like(job, { status: 'completed', verdict: 'WRONG_ANSWER', passed: 4, total: 5, score: 40, maxScore: 100 });
  t.deepEqual(job.groups, [
    { group: 'small', points: 40, score: 40, passed: true, tests: [0, 1] },
    { group: 'large', points: 60, score: 0, passed: false, tests: [2, 3, 4] },
  ]);
  // Each test still shows what it alone earned; the group decides the job's score.
  t.deepEqual(job.testCases.map((result: { score: number; group: string }) => [result.group, result.score]), [['small', 20], ['small', 20], ['large', 20], ['large', 0], ['large', 20]]);
});

test('stopOnFirstFailure skips the rest of the failing group only', async (t) => {
  const job = await run({ language: 'python', code, testCases: [...testCases.slice(2), ...testCases.slice(0, 2)], stopOnFirstFailure: true });
  t.deepEqual(verdicts(job), ['ACCEPTED', 'WRONG_ANSWER', 'SKIPPED', 'ACCEPTED', 'ACCEPTED']);
  t.like(job, { verdict: 'WRONG_ANSWER', passed: 3, score: 40, maxScore: 100 });
  t.deepEqual(job.groups.map((group: { group: string; score: number }) => [group.group, group.score]), [['large', 0], ['small', 40]]);
});

test('without groups every test scores alone; points default to 1; a checker\'s fraction sets the group\'s', async (t) => {
  const plain = await run({ language: 'python', code, testCases: [{ input: '1', expected: '2' }, { input: '2000', expected: '4000', points: 5 }, { input: '3', expected: '6', points: 0 }] });
  t.like(plain, { passed: 2, score: 1, maxScore: 6 });
  t.is(plain.groups, undefined);

  // A checker that gives half marks to an answer that is off by one: the group scores its lowest fraction.
  const checker = { type: 'program', language: 'python', code: `import sys
got, want = int(open(sys.argv[2]).read()), int(open(sys.argv[3]).read())
if got == want: sys.exit(0)
if abs(got - want) == 1:
    print("score 0.5 off by one"); sys.exit(7)
sys.exit(1)
` };
  const offByOne = 'n = int(input())\nprint(n * 2 + (n > 10))';
  const job = await run({ language: 'python', code: offByOne, checker, testCases: [
    { input: '1', expected: '2', group: 'g', points: 10 },
    { input: '20', expected: '40', group: 'g', points: 10 },
  ] });
  t.deepEqual(verdicts(job), ['ACCEPTED', 'PARTIAL']);
  t.like(job, { verdict: 'PARTIAL', passed: 1, score: 10, maxScore: 20 });
  t.like(job.groups[0], { group: 'g', points: 20, score: 10, passed: false });
});

test('bad points and groups are a 400 naming the field', async (t) => {
  const negative = await postJson(`${stack.url()}/execute`, { language: 'python', code: 'x', testCases: [{ input: '', expected: '', points: -1 }] });
  t.is(negative.status, 400);
  t.regex(JSON.stringify(negative.body), /testCases\[0\]\.points/);
  const emptyGroup = await postJson(`${stack.url()}/execute`, { language: 'python', code: 'x', testCases: [{ input: '', expected: '', group: '' }] });
  t.is(emptyGroup.status, 400);
  t.regex(JSON.stringify(emptyGroup.body), /testCases\[0\]\.group/);
});
