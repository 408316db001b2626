import test from 'ava';
import Joi from 'joi';
import { CHECKER_NAMES, checkerSchema as checkerSchemaOf, DEFAULT_CHECKER, DEFAULT_FLOAT_EPSILON, toCheckerSpec, type CheckerSpec } from '../src/checker.js';
import { DEFAULT_REQUEST_BOUNDS } from '../src/job.js';

const checkerSchema = checkerSchemaOf({ ...DEFAULT_REQUEST_BOUNDS, maxCodeBytes: 100 });

/** The field as the request schema holds it, so that errors carry its "checker" label. */
const request = Joi.object({ checker: checkerSchema }).unknown(false);
/** The field as the job payload schema holds it: required, validated with convert: false. */
const payload = Joi.object({ checker: checkerSchema.required() }).unknown(false);

function validate(schema: Joi.ObjectSchema, body: object, convert = true): { checker?: unknown; error?: string } {
  const { value, error } = schema.validate(body, { convert, abortEarly: true });
  return error ? { error: error.message } : { checker: value.checker };
}

test('the names, the default and the default epsilon', (t) => {
  t.deepEqual([...CHECKER_NAMES], ['lines', 'exact', 'tokens', 'float', 'judge0']);
  t.deepEqual(DEFAULT_CHECKER, { type: 'lines' });
  t.is(DEFAULT_FLOAT_EPSILON, 1e-6);
  t.true(Object.isFrozen(DEFAULT_CHECKER));
});

const accepted: [string, unknown, CheckerSpec][] = [
  ['"lines"', 'lines', { type: 'lines' }],
  ['"exact"', 'exact', { type: 'exact' }],
  ['"tokens"', 'tokens', { type: 'tokens' }],
  ['"float": both epsilons default', 'float', { type: 'float', absolute: 1e-6, relative: 1e-6 }],
  ['{type: "tokens"}', { type: 'tokens' }, { type: 'tokens' }],
  ['{type: "float"}: both epsilons default', { type: 'float' }, { type: 'float', absolute: 1e-6, relative: 1e-6 }],
  ['absolute alone: relative is 0', { type: 'float', absolute: 1e-3 }, { type: 'float', absolute: 1e-3, relative: 0 }],
  ['relative alone: absolute is 0', { type: 'float', relative: 1e-9 }, { type: 'float', absolute: 0, relative: 1e-9 }],
  ['both epsilons, unchanged', { type: 'float', absolute: 1e-6, relative: 1e-9 }, { type: 'float', absolute: 1e-6, relative: 1e-9 }],
  ['epsilons at the bounds 0 and 1', { type: 'float', absolute: 0, relative: 1 }, { type: 'float', absolute: 0, relative: 1 }],
  ['a numeric string epsilon, converted like every joi number', { type: 'float', absolute: '0.5' }, { type: 'float', absolute: 0.5, relative: 0 }],
];

for (const [name, checker, spec] of accepted) {
  test(`accepts ${name}`, (t) => {
    t.deepEqual(validate(request, { checker }), { checker: spec });
  });
}

test('toCheckerSpec fills in the epsilons as the schema does', (t) => {
  t.deepEqual(toCheckerSpec('exact'), { type: 'exact' });
  t.deepEqual(toCheckerSpec('float'), { type: 'float', absolute: DEFAULT_FLOAT_EPSILON, relative: DEFAULT_FLOAT_EPSILON });
  t.deepEqual(toCheckerSpec({ type: 'float', relative: 0.5 }), { type: 'float', absolute: 0, relative: 0.5 });
  t.deepEqual(toCheckerSpec({ type: 'float', absolute: 0.5 }), { type: 'float', absolute: 0.5, relative: 0 });
  t.deepEqual(toCheckerSpec({ type: 'float', absolute: 0, relative: 0 }), { type: 'float', absolute: 0, relative: 0 });
});

test('no checker is the default { type: "lines" }, a fresh object each time', (t) => {
  const first = validate(request, {}).checker;
  t.deepEqual(first, { type: 'lines' });
  t.not(first, DEFAULT_CHECKER);
  t.not(first, validate(request, {}).checker);
});

const TYPES = '"checker" must be one of [lines, exact, tokens, float, judge0, object]';

const rejected: [string, unknown, string][] = [
  ['an unknown name', 'regex', TYPES],
  ['a name in another case', 'Lines', TYPES],
  ['an empty name', '', TYPES],
  ['a number', 1, TYPES],
  ['null', null, TYPES],
  ['an array of names', ['lines'], TYPES],
  ['an object without type', { absolute: 0.1 }, '"checker.type" is required'],
  ['an object with an unknown type', { type: 'regex' }, '"checker.type" must be one of [lines, exact, tokens, float, judge0, program]'],
  ['an unknown key', { type: 'float', absolute: 0.1, epsilon: 0.1 }, '"checker.epsilon" is not allowed'],
  ['an epsilon on tokens', { type: 'tokens', absolute: 0.1 }, '"checker.absolute" is not allowed'],
  ['an epsilon on lines', { type: 'lines', relative: 0 }, '"checker.relative" is not allowed'],
  ['a negative epsilon', { type: 'float', absolute: -1e-9 }, '"checker.absolute" must be greater than or equal to 0'],
  ['an epsilon above 1', { type: 'float', relative: 1.5 }, '"checker.relative" must be less than or equal to 1'],
  ['a huge epsilon', { type: 'float', absolute: 1e300 }, '"checker.absolute" must be less than or equal to 1'],
  // JSON.parse('1e400') is Infinity.
  ['an infinite epsilon', { type: 'float', absolute: Infinity }, '"checker.absolute" cannot be infinity'],
  ['a NaN epsilon', { type: 'float', absolute: NaN }, '"checker.absolute" must be a number'],
  ['a "NaN" string epsilon', { type: 'float', relative: 'NaN' }, '"checker.relative" must be a number'],
  ['a word epsilon', { type: 'float', absolute: 'small' }, '"checker.absolute" must be a number'],
  ['a null epsilon', { type: 'float', absolute: null }, '"checker.absolute" must be a number'],
];

for (const [name, checker, message] of rejected) {
  test(`rejects ${name}`, (t) => {
    t.deepEqual(validate(request, { checker }), { error: message });
  });
}

test('the payload form: a complete spec validates unchanged with convert: false', (t) => {
  for (const spec of [{ type: 'lines' }, { type: 'exact' }, { type: 'tokens' }, { type: 'float', absolute: 1e-6, relative: 1e-9 }, { type: 'float', absolute: 0, relative: 0 }]) {
    t.deepEqual(validate(payload, { checker: spec }, false), { checker: spec });
  }
});

test('the payload form: required, and no coercion of epsilons under convert: false', (t) => {
  t.deepEqual(validate(payload, {}, false), { error: '"checker" is required' });
  t.deepEqual(validate(payload, { checker: { type: 'float', absolute: '0.5', relative: 0 } }, false), { error: '"checker.absolute" must be a number' });
  t.deepEqual(validate(payload, { checker: { type: 'tokens', relative: 0 } }, false), { error: '"checker.relative" is not allowed' });
});

test('an incomplete form still comes out complete under convert: false, never as it came in', (t) => {
  t.deepEqual(validate(payload, { checker: 'tokens' }, false), { checker: { type: 'tokens' } });
  t.deepEqual(validate(payload, { checker: { type: 'float', relative: 0.25 } }, false), { checker: { type: 'float', absolute: 0, relative: 0.25 } });
});

test('a checker program: language and code, files default to none; complete under convert: false', (t) => {
  const program = { type: 'program', language: 'cpp', code: 'int main() {}' };
  t.deepEqual(validate(request, { checker: program }), { checker: { ...program, files: [] } });
  const complete = { ...program, files: [{ name: 'testlib.h', content: '// testlib' }] };
  t.deepEqual(validate(payload, { checker: complete }, false), { checker: complete });
});

const rejectedPrograms: [string, unknown, string][] = [
  ['without code', { type: 'program', language: 'cpp' }, '"checker.code" is required'],
  ['with empty code', { type: 'program', language: 'cpp', code: '' }, '"checker.code" must not be empty'],
  ['with code past the bound', { type: 'program', language: 'cpp', code: 'x'.repeat(101) }, '"checker.code" must be at most 100 bytes'],
  ['without language', { type: 'program', code: 'x' }, '"checker.language" is required'],
  ['with an epsilon', { type: 'program', language: 'cpp', code: 'x', absolute: 0.1 }, '"checker.absolute" is not allowed'],
  ['with an unsafe file name', { type: 'program', language: 'cpp', code: 'x', files: [{ name: '../x', content: '' }] }, '"checker.files[0].name" must be a relative path of letters, digits, "_", "-" and "." (no "..", no leading "." or "-", at most 4 levels)'],
];

for (const [name, checker, message] of rejectedPrograms) {
  test(`rejects a checker program ${name}`, (t) => {
    t.deepEqual(validate(request, { checker }), { error: message });
  });
}
