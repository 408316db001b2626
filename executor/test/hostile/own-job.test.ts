/**
 * What submitted code can do to its own job, enumerated: whatever it leaves, names, breaks or
 * holds, the job completes on its first attempt with a verdict (a named limit when it passed one),
 * never an INTERNAL_ERROR, a failed job or a retry. The build-test pack runs the submitted script as
 * its compile step, the way compile-time code execution does (Template Haskell, Nim, D).
 */
import test from 'ava';
import { useHostile } from './harness.js';

const hostile = useHostile(61_130, 'sentinel-hostile-own-job');

/** The run step of build-test prints ./out; this test prints the count of /box's entries instead (counted before out exists: `ls | wc > out` races ls against the redirect). */
const LIST = 'n=$(ls -A | wc -l); echo $n > out';
const one = (expected: string) => [{ input: '', expected }];

async function settles(t: import('ava').ExecutionContext, script: string, expected: string, verdict: string) {
  const settled = await hostile().settle('build-test', script, { testCases: one(expected), limits: { wallMs: 5_000 } });
  t.is(settled.state, 'completed', settled.failedReason);
  t.is(settled.attemptsMade, 0, 'no failed attempt, so no retry');
  t.is(settled.result?.verdict, verdict, JSON.stringify(settled.result).slice(0, 600));
  return settled.result!;
}

test.serial('3,500 files at the top of /box: compiled and run (one bwrap argument for all of them)', async (t) => {
  const result = await settles(t, `for i in $(seq 1 3500); do : > f$i; done; ${LIST}`, '3501', 'ACCEPTED');
  t.is(result.testCases[0]!.actualOutput, '3501\n', 'the files and build.sh, each a link in the test run');
});

test.serial('more files than a compile may leave: COMPILATION_ERROR naming the limit', async (t) => {
  const result = await settles(t, 'for i in $(seq 1 5000); do : > f$i; done; echo built > out', 'built', 'COMPILATION_ERROR');
  t.regex(result.error, /job directory size limit/);
});

test.serial('folders nested deeper than 32, and a sparse file larger than the cap (under the per-file limit): COMPILATION_ERROR naming the limit', async (t) => {
  const deep = await settles(t, 'mkdir -p $(printf "d/%.0s" $(seq 1 40)); echo built > out', 'built', 'COMPILATION_ERROR');
  t.regex(deep.error, /job directory size limit/);
  const sparse = await settles(t, 'truncate -s 60M huge; echo built > out', 'built', 'COMPILATION_ERROR');
  t.regex(sparse.error, /job directory size limit/);
});

test.serial('odd names (newline, invalid UTF-8, 255 bytes, leading dash or dots) are collected and linked into every test', async (t) => {
  const script = [
    "touch -- $'new\\nline' $'\\xff\\xfe' -rf ... .hidden \"$(printf 'n%.0s' $(seq 1 255))\"",
    'mkdir -p "sub dir/x" && echo deep > "sub dir/x/y"',
    'echo built > out',
  ].join('\n');
  const result = await settles(t, script, 'built', 'ACCEPTED');
  t.is(result.testCases[0]!.actualOutput, 'built\n');
});

test.serial('links, loops, pipes, sockets, unreadable files and folders are left out, and the job goes on', async (t) => {
  const script = [
    'ln -s /etc/passwd passwd && ln -s loop loop && ln -s ../../.. up',
    'mkfifo pipe',
    "python3 -c 'import socket; socket.socket(socket.AF_UNIX).bind(\"sock\")'",
    'echo secret > unreadable && chmod 000 unreadable',
    'mkdir closed && echo x > closed/f && chmod 000 closed',
    'echo built > out && chmod 4755 out',
  ].join('\n');
  const result = await settles(t, script, 'built', 'ACCEPTED');
  t.is(result.testCases[0]!.actualOutput, 'built\n');
});

test.serial('background processes, closed descriptors and a try at the report descriptor end with the compile', async (t) => {
  const script = [
    '(sleep 600 &) ; (exec 1>&- 2>&-; sleep 600) &',
    'ls /proc/1/fd > /dev/null 2>&1 && echo "pid 1 fds listed"',
    'echo forged > /proc/1/fd/7 2>/dev/null && echo "report forged"',
    'echo built > out',
  ].join('\n');
  const result = await settles(t, script, 'built', 'ACCEPTED');
  t.notRegex(result.compile!.output, /listed|forged/);
});

test.serial('a test run that deletes, replaces and writes its files changes nothing for the next test', async (t) => {
  const settled = await hostile().settle('bash', 'rm -f main.sh; echo changed > main.sh 2>/dev/null; cat /job/main.sh | head -c 4; echo', {
    testCases: [{ input: '', expected: 'rm -' }, { input: '', expected: 'rm -' }],
  });
  t.is(settled.state, 'completed', settled.failedReason);
  t.is(settled.result?.verdict, 'ACCEPTED', JSON.stringify(settled.result).slice(0, 400));
});

test.serial('output with NUL bytes and invalid UTF-8 is a verdict, and says it is not UTF-8', async (t) => {
  const settled = await hostile().settle('python', 'import sys\nsys.stdout.buffer.write(b"\\xff\\xfe\\x00ok")', { testCases: [{ input: '', expected: '\uFFFD\uFFFD\u0000ok' }] });
  t.is(settled.state, 'completed');
  const run = settled.result!.testCases[0]!;
  t.is(run.verdict, 'WRONG_ANSWER', 'bytes FF FE are not U+FFFD U+FFFD');
  t.true('outputNotUtf8' in run && run.outputNotUtf8);
});
