/**
 * The output checkers: whether a test case's actual stdout matches its expected output, for each
 * `CheckerSpec` (see core/src/checker.ts). Pure and linear: both texts are read once, front to
 * back, without regex splitting and without building normalized copies, and the first difference
 * ends the comparison (a wrong first line of a 2 MiB output costs nothing).
 */
import { isUtf8 } from 'node:buffer';
import { SentinelError, type BuiltinCheckerSpec } from '@sentinel/core';

/** A spec that is no CheckerSpec reached the executor: the payload schema should have stopped it. */
export class UnknownCheckerError extends SentinelError {
  readonly code = 'CHECKER_UNKNOWN';
  override readonly retryable = false; // the same payload reaches the same switch
  constructor(readonly spec: unknown) {
    super(`unknown output checker ${JSON.stringify(spec)}`);
  }
}

/**
 * Whether `actual` (the program's stdout: its bytes, or text) matches `expected` under `spec`.
 * Output that is not valid UTF-8 matches nothing: `expected` is always valid UTF-8, no checker
 * counts a stray byte as whitespace, so under every checker such output differs byte for byte
 * (and its lossy decoding, U+FFFD for each bad byte, must never match an expected U+FFFD).
 */
export function check(spec: BuiltinCheckerSpec, output: string | Buffer, expected: string): boolean {
  if (typeof output !== 'string' && !isUtf8(output)) return false;
  const actual = typeof output === 'string' ? output : output.toString('utf8');
  switch (spec.type) {
    case 'lines':
      return linesEqual(actual, expected);
    case 'exact':
      return actual === expected;
    case 'tokens':
      return tokensEqual(actual, expected, (a, b) => a === b);
    case 'float':
      return tokensEqual(actual, expected, (a, b) => floatTokensEqual(a, b, spec));
    case 'judge0':
      return judge0Strip(actual) === judge0Strip(expected);
    default:
      throw new UnknownCheckerError(spec satisfies never);
  }
}

// ---- lines ----------------------------------------------------------------------------------

/**
 * The lines of a text, one at a time, as the original `linesMatch` saw them (split on /\r?\n/, each
 * line trimEnd-ed). Splitting on "\n" and then trimming is the same: the "\r" of a "\r\n" is
 * trailing whitespace of its line. A lone "\r" is no line break: inside a line it is an ordinary
 * character ("1\r2" is one line, so old Mac line endings never match "\n"), at the end of a line it
 * is trailing whitespace. Trailing whitespace is what String#trimEnd removes (also NBSP, \v, \f).
 */
class LineReader {
  private position = 0;

  constructor(private readonly text: string) {}

  /** The next line, trailing whitespace trimmed; undefined after the last ("a\n" has two: "a", ""). */
  next(): string | undefined {
    if (this.position > this.text.length) return undefined;
    const newline = this.text.indexOf('\n', this.position);
    const end = newline === -1 ? this.text.length : newline;
    const line = this.text.slice(this.position, end).trimEnd();
    this.position = end + 1;
    return line;
  }
}

/**
 * Equal line by line, trailing blank lines ignored: the same answer for every input as the
 * `linesMatch` this checker replaces (its reference copy is in test/checkers.test.ts). Leading
 * blank lines count. Two line lists are equal after dropping their trailing blank lines exactly
 * when they agree as far as both go and the longer one has only blank lines after that.
 */
export function linesEqual(actual: string, expected: string): boolean {
  const a = new LineReader(actual);
  const b = new LineReader(expected);
  for (;;) {
    const lineA = a.next();
    const lineB = b.next();
    if (lineA === undefined) return lineB === undefined || onlyBlankFrom(lineB, b);
    if (lineB === undefined) return onlyBlankFrom(lineA, a);
    if (lineA !== lineB) return false;
  }
}

function onlyBlankFrom(line: string, rest: LineReader): boolean {
  for (let current: string | undefined = line; current !== undefined; current = rest.next()) {
    if (current !== '') return false;
  }
  return true;
}

// ---- judge0 ---------------------------------------------------------------------------------

/** What Ruby's String#rstrip removes: NUL and the ASCII whitespace \t \n \v \f \r and space. */
function isRubySpace(code: number): boolean {
  return code === 0 || code === 0x20 || (code >= 0x09 && code <= 0x0d);
}

function rstrip(text: string): string {
  let end = text.length;
  while (end > 0 && isRubySpace(text.charCodeAt(end - 1))) end--;
  return text.slice(0, end);
}

/** Judge0 CE's `text.split("\n").collect(&:rstrip).join("\n").rstrip`: linear, no regex. */
export function judge0Strip(text: string): string {
  return rstrip(text.split('\n').map(rstrip).join('\n'));
}

// ---- tokens ---------------------------------------------------------------------------------

/**
 * Token separators: the six ASCII whitespace characters of C's isspace (space, \t, \n, \v, \f, \r),
 * so CRLF and LF, and any run of them, are alike. Other characters, NBSP and the other Unicode
 * spaces included, belong to tokens: what a scanf-based reader would see.
 */
export function isTokenSeparator(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d);
}

/** The whitespace-separated tokens of a text, one at a time. */
class TokenReader {
  private position = 0;

  constructor(private readonly text: string) {}

  /** The next token; undefined when only whitespace is left. */
  next(): string | undefined {
    const { text } = this;
    let start = this.position;
    while (start < text.length && isTokenSeparator(text.charCodeAt(start))) start++;
    if (start === text.length) {
      this.position = start;
      return undefined;
    }
    let end = start + 1;
    while (end < text.length && !isTokenSeparator(text.charCodeAt(end))) end++;
    this.position = end;
    return text.slice(start, end);
  }
}

/** Same number of tokens, and each pair equal by `same`. */
export function tokensEqual(actual: string, expected: string, same: (actual: string, expected: string) => boolean): boolean {
  const a = new TokenReader(actual);
  const b = new TokenReader(expected);
  for (;;) {
    const tokenA = a.next();
    const tokenB = b.next();
    if (tokenA === undefined || tokenB === undefined) return tokenA === tokenB;
    if (!same(tokenA, tokenB)) return false;
  }
}

// ---- float ----------------------------------------------------------------------------------

/**
 * A decimal number: optional sign, digits with an optional fraction ("3", "3.", "3.25") or a
 * fraction alone (".5"), optional exponent ("1e-6", "2E+3"). No hex, octal or binary prefixes, no
 * digit separators, no leading or trailing spaces (those separate tokens). Unambiguous, so a
 * failing match backtracks at most once per character: linear even on a 2 MiB token.
 */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The longest special word with its sign: "+infinity". */
const SPECIAL_MAX_LENGTH = 9;

/**
 * The number a token stands for, or undefined when it is not numeric. Besides decimals, the
 * infinities and NaN as C, Python, Java and JavaScript print them, in any case and with an optional
 * sign: "inf", "infinity" ("-inf", "INF", "Infinity") and "nan" ("NaN", "-nan").
 * A decimal too large for a double is ±Infinity ("1e999"), one too small is 0 ("1e-999").
 */
export function parseNumber(token: string): number | undefined {
  if (DECIMAL.test(token)) return Number(token);
  if (token.length > SPECIAL_MAX_LENGTH) return undefined;
  const signed = token[0] === '+' || token[0] === '-';
  switch ((signed ? token.slice(1) : token).toLowerCase()) {
    case 'inf':
    case 'infinity':
      return token[0] === '-' ? -Infinity : Infinity;
    case 'nan':
      return NaN;
    default:
      return undefined;
  }
}

export interface Tolerance {
  absolute: number;
  relative: number;
}

/**
 * |a - b| <= absolute, or |a - b| <= relative * max(|a|, |b|), computed on the doubles the tokens
 * parse to. Exactly on the boundary, the decimal-to-binary rounding of the tokens decides: with
 * absolute 1e-6, "1" and "1.000001" match (9.999999999177334e-7 apart as doubles) but "0.1" and
 * "0.100001" do not (1.000000000001e-6 apart); an epsilon a little wider than the intended bound
 * avoids that. NaN equals nothing, itself included; an infinity equals only the same infinity;
 * -0 equals 0.
 */
export function numbersClose(a: number, b: number, { absolute, relative }: Tolerance): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return false;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  // May overflow to Infinity for finite a and b far apart: then no epsilon <= 1 accepts it, rightly.
  const difference = Math.abs(a - b);
  return difference <= absolute || difference <= relative * Math.max(Math.abs(a), Math.abs(b));
}

/** Two numeric tokens within the tolerance, or two non-numeric tokens that are equal. */
export function floatTokensEqual(actual: string, expected: string, tolerance: Tolerance): boolean {
  // The common case, parsed once: the same text is the same number or word, unless it is NaN.
  if (actual === expected) return !Number.isNaN(parseNumber(actual));
  const a = parseNumber(actual);
  const b = parseNumber(expected);
  if (a === undefined && b === undefined) return actual === expected;
  if (a === undefined || b === undefined) return false; // a number never equals a word
  return numbersClose(a, b, tolerance);
}
