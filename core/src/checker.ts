/**
 * Output checkers: how a test case's actual stdout is compared with its expected output. A request
 * names one (`"tokens"`) or gives an object (`{ "type": "float", "absolute": 1e-6 }`); the schema
 * turns either into a complete `CheckerSpec`, which is what the payload carries and the executor
 * runs (executor/src/checkers.ts).
 */
import Joi from 'joi';
import type { RequestBounds } from './job.js';
import { programFields, type ProgramRequest, type ProgramSpec } from './program.js';

export const CHECKER_NAMES = ['lines', 'exact', 'tokens', 'float', 'judge0'] as const;
export type CheckerName = (typeof CHECKER_NAMES)[number];

/**
 * A validated, complete checker:
 * - `lines`: line by line; CRLF = LF, trailing whitespace of each line and trailing blank lines ignored.
 * - `exact`: the strings are equal, byte for byte.
 * - `tokens`: the whitespace-separated tokens are equal, in order.
 * - `float`: as `tokens`, but two numeric tokens are equal when within `absolute` OR `relative`.
 * - `judge0`: Judge0's rule: trailing ASCII whitespace and NUL (Ruby's rstrip) stripped from each line,
 *   then from the whole text; equal after that. Unlike `lines`, Unicode spaces are not whitespace.
 * - `program`: the job author's own checker (core/src/program.ts), run per test as
 *   `checker input.txt output.txt answer.txt`; its exit code is the verdict.
 */
export type CheckerSpec =
  | ({ type: 'program' } & ProgramSpec)
  | { type: 'lines' }
  | { type: 'exact' }
  | { type: 'tokens' }
  | { type: 'judge0' }
  | { type: 'float'; absolute: number; relative: number };

/** A checker Sentinel runs itself (executor/src/checkers.ts). */
export type BuiltinCheckerSpec = Exclude<CheckerSpec, { type: 'program' }>;

/** What a request may send: a name, or an object whose epsilons may be left out. */
export type CheckerRequest =
  | ({ type: 'program' } & ProgramRequest)
  | CheckerName
  | { type: Exclude<CheckerName, 'float'> }
  | { type: 'float'; absolute?: number; relative?: number };

/** Today's comparison, and the one a request gets when it names none. */
export const DEFAULT_CHECKER: CheckerSpec = Object.freeze({ type: 'lines' });

/** Both epsilons of a `float` checker when the request gives neither. */
export const DEFAULT_FLOAT_EPSILON = 1e-6;

/**
 * The complete spec of a request's checker. A float checker given one epsilon gets 0 for the
 * other: asking for "absolute 1e-3" means exactly that, not "1e-3 or one part in a million".
 */
export function toCheckerSpec(request: CheckerRequest): CheckerSpec {
  const checker: Exclude<CheckerRequest, string> = typeof request === 'string' ? { type: request } : request;
  if (checker.type === 'program') return { type: 'program', language: checker.language, code: checker.code, files: checker.files ?? [] };
  if (checker.type !== 'float') return { type: checker.type };
  const { absolute, relative } = checker;
  if (absolute === undefined && relative === undefined) {
    return { type: 'float', absolute: DEFAULT_FLOAT_EPSILON, relative: DEFAULT_FLOAT_EPSILON };
  }
  return { type: 'float', absolute: absolute ?? 0, relative: relative ?? 0 };
}

/**
 * A tolerance: a finite number in [0, 1] (joi rejects NaN and ±Infinity as numbers already).
 * `unsafe()` lets 1e300 fail on the bound, "must be less than or equal to 1", rather than on
 * joi's integer-safety check.
 */
const epsilon = Joi.number().unsafe().min(0).max(1);
/** Epsilons belong to `float` only: on any other type they are an error, never silently dropped. */
const floatOnly = Joi.when('type', { is: 'float', then: epsilon, otherwise: Joi.forbidden() });

const checkerObject = Joi.object({
  type: Joi.string()
    .valid(...CHECKER_NAMES, 'program')
    .required(),
  absolute: floatOnly,
  relative: floatOnly,
}).unknown(false);

/** A checker program: its type, then the fields of any judging program. */
const PROGRAM_TYPE = Joi.object({ type: Joi.valid('program').required() }).unknown();

/**
 * The `checker` field, for the request (`checkerSchema(bounds)`) and the job payload
 * (`.required()`). Its value is always a complete `CheckerSpec`, under `convert: false` too (only
 * joi's type coercion, e.g. of the string "0.5" to a number, is off then); so a spec that is
 * already complete validates unchanged. A value of neither form fails with joi's
 * `"checker" must be one of [lines, exact, tokens, float, judge0, object]`; an object whose type is
 * "program" is checked as a program, so its errors name its own fields.
 */
export function checkerSchema(bounds: RequestBounds) {
  const program = Joi.object({ type: Joi.string().valid('program').required(), ...programFields(bounds) }).unknown(false);
  return Joi.alternatives<CheckerSpec>()
    .conditional(PROGRAM_TYPE, {
      then: program,
      otherwise: Joi.alternatives().try(Joi.string().valid(...CHECKER_NAMES), checkerObject),
    })
    // A conditional schema calls custom() for an absent value too: the default fills it in after.
    .custom((request: CheckerRequest | undefined) => (request === undefined ? request : toCheckerSpec(request)))
    .default(DEFAULT_CHECKER);
}
