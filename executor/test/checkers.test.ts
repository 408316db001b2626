import test from 'ava';
import type { CheckerSpec } from '@sentinel/core';
import { check, floatTokensEqual, isTokenSeparator, numbersClose, parseNumber, UnknownCheckerError } from '../src/checkers.js';

/**
 * The reference for `lines`: the only comparison before checkers existed (executor/src/compare.ts,
 * verbatim). The `lines` checker must give its answer for every input.
 */
function linesMatch(actual: string, expected: string): boolean {
  return normalizeLines(actual) === normalizeLines(expected);
}

function normalizeLines(text: string): string {
  const lines = text.split(/\r?\n/).map((line) => line.trimEnd());
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.join('\n');
}

const LINES: CheckerSpec = { type: 'lines' };
const EXACT: CheckerSpec = { type: 'exact' };
const TOKENS: CheckerSpec = { type: 'tokens' };
/** What `"float"` becomes: both epsilons 1e-6. */
const FLOAT: CheckerSpec = { type: 'float', absolute: 1e-6, relative: 1e-6 };
const ABSOLUTE_ONLY: CheckerSpec = { type: 'float', absolute: 1e-6, relative: 0 };
const RELATIVE_ONLY: CheckerSpec = { type: 'float', absolute: 0, relative: 1e-6 };
const NUMERICALLY_EXACT: CheckerSpec = { type: 'float', absolute: 0, relative: 0 };

/** Each checker's answer: [lines, exact, tokens, float]. */
type Answers = [boolean, boolean, boolean, boolean];
const T = true;
const F = false;

const cases: [string, string, string, Answers][] = [
  ['identical', '1 2\n3\n', '1 2\n3\n', [T, T, T, T]],
  ['CRLF vs LF', '1 2\r\n3\r\n', '1 2\n3\n', [T, F, T, T]],
  ['LF vs CRLF in the expected output', '1\n2\n', '1\r\n2\r\n', [T, F, T, T]],
  ['trailing spaces and tabs', '1 \t\n2\t \n', '1\n2\n', [T, F, T, T]],
  ['trailing blank lines', '1\n2\n\n\n', '1\n2', [T, F, T, T]],
  ['trailing lines of whitespace only', '1\n \t\r\n\t\n', '1\n', [T, F, T, T]],
  ['a leading blank line', '\n1\n2\n', '1\n2\n', [F, F, T, T]],
  ['leading spaces on a line', ' 1\n', '1\n', [F, F, T, T]],
  ['a blank line between lines', '1\n\n2\n', '1\n2\n', [F, F, T, T]],
  ['empty output vs empty expected', '', '', [T, T, T, T]],
  ['only newlines vs empty expected', '\n\r\n\n', '', [T, F, T, T]],
  ['empty output vs "0"', '', '0', [F, F, F, F]],
  ['"0" vs empty expected', '0\n', '', [F, F, F, F]],
  ['output missing its final newline', '1\n2', '1\n2\n', [T, F, T, T]],
  ['extra output after the expected', '1\n2\n3\n', '1\n2\n', [F, F, F, F]],
  ['an extra token at the end of the last line', '1 2 3\n', '1 2\n', [F, F, F, F]],
  ['output cut short', '1\n', '1\n2\n', [F, F, F, F]],
  ['two spaces vs one inside a line', '1  2\n', '1 2\n', [F, F, T, T]],
  ['a tab vs a space inside a line', '1\t2\n', '1 2\n', [F, F, T, T]],
  ['a line break vs a space', '1\n2\n', '1 2\n', [F, F, T, T]],
  ['\\v and \\f between tokens', '1\v2\f3', '1 2 3', [F, F, T, T]],
  ['a lone \\r inside a line is no line break', '1\r2\n', '1\n2\n', [F, F, T, T]],
  ['old Mac line endings', '1\r2\r', '1\n2\n', [F, F, T, T]],
  ['a lone \\r at the end of a line is trailing whitespace', '1\r\n2\r', '1\n2', [T, F, T, T]],
  ['\\r\\r\\n', '1\r\r\n2\r\r\n', '1\n2\n', [T, F, T, T]],
  ['a \\r at the start of a line is significant', '1\n\r2\n', '1\n2\n', [F, F, T, T]],
  ['a trailing NBSP: trimmed by lines, part of the token otherwise', '1\u00a0\n', '1\n', [T, F, F, F]],
  ['an NBSP between words separates no tokens', 'a\u00a0b', 'a b', [F, F, F, F]],
  ['"1.0" vs "1"', '1.0\n', '1\n', [F, F, F, T]],
  ['words differing in case', 'Yes\n', 'YES\n', [F, F, F, F]],
  ['a word and a number within 1e-6', 'YES 3.0000001\n', 'YES 3\n', [F, F, F, T]],
];

for (const [name, actual, expected, [lines, exact, tokens, float]] of cases) {
  test(`${name}: lines ${lines}, exact ${exact}, tokens ${tokens}, float ${float}`, (t) => {
    t.is(check(LINES, actual, expected), lines, 'lines');
    t.is(check(EXACT, actual, expected), exact, 'exact');
    t.is(check(TOKENS, actual, expected), tokens, 'tokens');
    t.is(check(FLOAT, actual, expected), float, 'float');
    // Every checker is symmetric, and lines is today's linesMatch.
    t.deepEqual([LINES, EXACT, TOKENS, FLOAT].map((spec) => check(spec, expected, actual)), [lines, exact, tokens, float], 'swapped');
    t.is(linesMatch(actual, expected), lines, 'linesMatch');
  });
}

/** Every string of up to `length` characters of `alphabet`. */
function allStrings(alphabet: string[], length: number): string[] {
  const strings = [''];
  for (let from = 0; strings[strings.length - 1]!.length < length; ) {
    const end = strings.length;
    for (; from < end; from++) for (const c of alphabet) strings.push(strings[from] + c);
  }
  return strings;
}

test('lines gives the same answer as linesMatch for every pair of short texts', (t) => {
  const texts = allStrings(['a', ' ', '\t', '\r', '\n'], 4);
  t.is(texts.length, 781);
  let equalPairs = 0;
  for (const a of texts) {
    for (const b of texts) {
      const expected = linesMatch(a, b);
      if (check(LINES, a, b) !== expected) return void t.fail(`${JSON.stringify(a)} vs ${JSON.stringify(b)}: linesMatch says ${expected}`);
      if (expected) equalPairs++;
    }
  }
  t.true(equalPairs > 781, 'the alphabet yields pairs that match without being identical');
});

test('lines trims the Unicode whitespace that trimEnd trims, like linesMatch', (t) => {
  for (const space of ['\u00a0', '\v', '\f', '\u2028', '\u3000', '\ufeff']) {
    t.true(check(LINES, `1${space}\n2`, '1\n2'), JSON.stringify(space));
    t.true(linesMatch(`1${space}\n2`, '1\n2'), JSON.stringify(space));
  }
});

test('the token separators are the six ASCII whitespace characters', (t) => {
  const separators = Array.from({ length: 0x3001 }, (_, code) => code).filter(isTokenSeparator);
  t.deepEqual(separators, [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20]);
});

test('exact is byte-exact', (t) => {
  t.true(check(EXACT, 'a\r\n', 'a\r\n'));
  t.false(check(EXACT, 'a\r\n', 'a\n'));
  t.false(check(EXACT, 'a', 'a\n'));
  t.false(check(EXACT, 'é', 'e\u0301'));
});

test('float at the 1e-6 absolute boundary: just inside, exactly on, just outside', (t) => {
  t.true(check(ABSOLUTE_ONLY, '0', '0.000001'), 'exactly 1e-6 apart is inside');
  t.true(check(ABSOLUTE_ONLY, '0.0000009999', '0'));
  t.false(check(ABSOLUTE_ONLY, '0.0000010001', '0'));
  t.true(check(ABSOLUTE_ONLY, '1.0000009', '1'));
  t.false(check(ABSOLUTE_ONLY, '1.0000011', '1'));
  t.true(check(ABSOLUTE_ONLY, '-2.5000005', '-2.5'));
  t.false(check(ABSOLUTE_ONLY, '-2.5000015', '-2.5'));
  // Exactly on a decimal boundary, the doubles the tokens parse to decide.
  t.is(1.000001 - 1, 9.999999999177334e-7);
  t.true(check(ABSOLUTE_ONLY, '1.000001', '1'));
  t.is(0.100001 - 0.1, 1.000000000001e-6);
  t.false(check(ABSOLUTE_ONLY, '0.100001', '0.1'));
  t.false(check(FLOAT, '0.100001', '0.1'), 'relative 1e-6 of 0.1 adds nothing');
  t.true(check({ type: 'float', absolute: 1.000001e-6, relative: 0 }, '0.100001', '0.1'), 'a slightly wider epsilon does');
});

test('float relative mode on large numbers', (t) => {
  t.true(check(RELATIVE_ONLY, '1000000999', '1000000000'), '999 <= 1e-6 * 1000000999');
  t.false(check(RELATIVE_ONLY, '1000001001', '1000000000'));
  t.false(check(ABSOLUTE_ONLY, '1000000001', '1000000000'), 'absolute alone is 1e-6 even on 1e9');
  t.true(check(FLOAT, '1000000001', '1000000000'));
  t.true(check(RELATIVE_ONLY, '1.0000005e300', '1e300'));
  t.false(check(RELATIVE_ONLY, '1.000002e300', '1e300'));
  // relative * max(|a|, |b|): the larger magnitude, whichever side it is on.
  t.true(numbersClose(100, 100.0001, { absolute: 0, relative: 1e-6 }));
  t.true(numbersClose(100.0001, 100, { absolute: 0, relative: 1e-6 }));
  t.true(check(RELATIVE_ONLY, '0', '0'));
  t.false(check(RELATIVE_ONLY, '0', '1e-300'), 'relative alone never lets anything equal 0');
});

test('float: either epsilon suffices', (t) => {
  const loose = { absolute: 0.5, relative: 0.01 };
  t.true(numbersClose(0.1, 0.5, loose), 'absolute');
  t.true(numbersClose(1000, 1009, loose), 'relative');
  t.false(numbersClose(1000, 1011, loose), 'neither');
});

test('float: NaN equals nothing, not even NaN', (t) => {
  t.false(check(FLOAT, 'nan', 'nan'));
  t.false(check(FLOAT, 'NaN', 'NaN'));
  t.false(check(FLOAT, 'NaN', '0'));
  t.false(check(FLOAT, '-nan', 'nan'));
  t.false(check({ type: 'float', absolute: 1, relative: 1 }, 'nan', '1'));
  t.false(check(FLOAT, 'nan', 'hello'), 'NaN is a number, so it never equals a word');
  t.true(check(TOKENS, 'nan', 'nan'), 'tokens compares the text');
});

test('float: an infinity equals the same infinity only', (t) => {
  t.true(check(FLOAT, 'inf', 'Infinity'));
  t.true(check(FLOAT, 'INF', 'infinity'));
  t.true(check(FLOAT, '-inf', '-Infinity'));
  t.true(check(FLOAT, '+inf', 'inf'));
  t.false(check(FLOAT, 'inf', '-inf'));
  t.false(check({ type: 'float', absolute: 1, relative: 1 }, 'inf', '1.7976931348623157e308'));
  t.true(check(FLOAT, '1e999', 'inf'), 'a decimal beyond the doubles is Infinity');
  t.false(check(FLOAT, 'infinite', 'inf'), '"infinite" is a word');
  t.false(check(FLOAT, '1.7976931348623157e308', '-1.7976931348623157e308'), 'a difference that overflows is no match');
});

test('float: -0 equals 0, even with both epsilons 0', (t) => {
  t.true(check(NUMERICALLY_EXACT, '-0', '0'));
  t.true(check(NUMERICALLY_EXACT, '-0.0', '+0e10'));
  t.true(check(NUMERICALLY_EXACT, '1e-400', '0'), 'underflows to 0');
});

test('float: numeric spellings of the same double are equal with both epsilons 0', (t) => {
  for (const [a, b] of [['1.0', '1'], ['3.', '3'], ['.5', '0.5'], ['+1', '1'], ['1e-6', '0.000001'], ['1E+2', '100'], ['007', '7'], ['0.1', '0.10']]) {
    t.true(check(NUMERICALLY_EXACT, a!, b!), `${a} vs ${b}`);
  }
  t.false(check(NUMERICALLY_EXACT, '1', '1.0000000000000002'));
});

test('float: a number never equals a word; words compare exactly', (t) => {
  t.false(check(FLOAT, '1', 'one'));
  t.false(check(FLOAT, '0x10', '16'), 'hex is a word');
  t.true(check(FLOAT, '0x10', '0x10'));
  t.false(check(FLOAT, '0x10', '0X10'));
  t.false(check(FLOAT, '1e', '1'), '"1e" is a word');
  t.false(check(FLOAT, '1,5', '1.5'));
  t.true(check(FLOAT, 'x=1 y', 'x=1 y'));
  t.false(floatTokensEqual('1.5', '1.5.', { absolute: 1, relative: 1 }));
});

test('float and tokens: the token count must match', (t) => {
  for (const spec of [TOKENS, FLOAT]) {
    t.false(check(spec, '1 2', '1 2 0'), spec.type);
    t.false(check(spec, '1 2 0', '1 2'), spec.type);
    t.false(check(spec, '', '0'), spec.type);
    t.true(check(spec, ' \n', ''), spec.type);
  }
});

const parsed: [string, number | undefined][] = [
  ['0', 0], ['-0.5', -0.5], ['+12', 12], ['3.', 3], ['.5', 0.5], ['-.5e1', -5], ['1e-6', 1e-6], ['2E+3', 2000], ['007', 7],
  ['1e999', Infinity], ['-1e999', -Infinity], ['inf', Infinity], ['-INF', -Infinity], ['Infinity', Infinity], ['+infinity', Infinity],
  ['0x10', undefined], ['0b1', undefined], ['0o7', undefined], ['1_000', undefined], ['.', undefined], ['-', undefined], ['e5', undefined],
  ['1e', undefined], ['1e+', undefined], ['1.2.3', undefined], ['--1', undefined], ['infinite', undefined], ['Inf1', undefined], ['', undefined],
  ['\u0661', undefined], ['1\u00a0', undefined],
];

test('parseNumber: decimals, infinities and NaN; no hex, no separators', (t) => {
  for (const [token, value] of parsed) t.is(parseNumber(token), value, JSON.stringify(token));
  t.true(Number.isNaN(parseNumber('nan')));
  t.true(Number.isNaN(parseNumber('-NaN')));
});

test('an unknown checker is our own fault: a typed error, not a verdict', (t) => {
  const error = t.throws(() => check({ type: 'regex' } as unknown as CheckerSpec, 'a', 'a'), {
    instanceOf: UnknownCheckerError,
    message: 'unknown output checker {"type":"regex"}',
  });
  t.is(error?.code, 'CHECKER_UNKNOWN');
});

test('2 MiB outputs and 10^5+ tokens compare correctly, quickly, and without backtracking blow-ups', (t) => {
  const lines = Array.from({ length: 200_000 }, (_, i) => `${i} ${(i / 7).toFixed(6)}`);
  const expected = `${lines.join('\n')}\n`;
  t.true(expected.length > 2 * 1024 * 1024);
  const crlf = expected.replaceAll('\n', ' \r\n');
  const lastDiffers = `${expected.slice(0, -2)}x\n`;
  // 4e-7 more on every fraction: "1 0.142857" becomes "1 0.1428574".
  const noisy = lines.map((line) => `${line}4`).join('\n');
  const digits = `${'1'.repeat(2 * 1024 * 1024)}x`;
  const spaces = `a${' '.repeat(2 * 1024 * 1024)}`;

  const started = performance.now();
  t.true(check(LINES, crlf, expected));
  t.false(check(LINES, lastDiffers, expected));
  t.false(check(EXACT, crlf, expected));
  t.true(check(TOKENS, crlf, expected));
  t.false(check(TOKENS, lastDiffers, expected));
  t.true(check(FLOAT, noisy, expected), 'every fraction off by 4e-7');
  t.false(check({ type: 'float', absolute: 1e-7, relative: 0 }, noisy, expected));
  t.false(check(FLOAT, digits, `${digits}y`));
  t.true(check(FLOAT, digits, digits));
  t.true(check(LINES, spaces, 'a'));
  t.true(check(TOKENS, spaces, 'a'));
  // Each is linear and takes a few ms; a quadratic slip would take minutes.
  t.true(performance.now() - started < 2_000);
});

test('judge0: Judge0 CE\'s rule, trailing ASCII whitespace and NUL stripped per line and from the whole text', (t) => {
  const JUDGE0: CheckerSpec = { type: 'judge0' };
  const cases: Array<[string, string, boolean]> = [
    ['hello, Judge0\n', 'hello, Judge0', true],
    ['a  \t\r\nb\n\n  \n', 'a\nb   \n\n', true],
    ['a\0\n', 'a', true], // Ruby's rstrip removes NUL; `lines` does not
    ['a\u00a0\n', 'a', false], // nor is NBSP whitespace to Ruby; to `lines` it is
    ['\nx', 'x', false], // a leading blank line counts
    [' x', 'x', false], // leading spaces count
    ['1\r2', '1\n2', false],
  ];
  for (const [actual, expected, equal] of cases) t.is(check(JUDGE0, actual, expected), equal, JSON.stringify([actual, expected]));
  t.false(check(JUDGE0, Buffer.from([0x61, 0xff]), 'a'));
});
