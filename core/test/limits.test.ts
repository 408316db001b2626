import test from 'ava';
import {
  DEFAULT_LIMITS,
  DEFAULT_MAXIMUMS,
  LIMIT_NAMES,
  limitAboveMaximum,
  partialLimitsSchema,
  resolveLimits,
  type Limits,
} from '../src/limits.js';

const maximums: Limits = { ...DEFAULT_MAXIMUMS };

test('with nothing else said, a run gets the defaults', (t) => {
  t.deepEqual(resolveLimits({ maximums }), { ...DEFAULT_LIMITS });
});

test('defaults are within the default maximums', (t) => {
  for (const name of LIMIT_NAMES) t.true(DEFAULT_LIMITS[name] <= DEFAULT_MAXIMUMS[name], name);
});

test('a pack override replaces the default', (t) => {
  t.deepEqual(resolveLimits({ maximums, pack: { wallMs: 10_000, memoryMb: 512 } }), {
    ...DEFAULT_LIMITS,
    wallMs: 10_000,
    memoryMb: 512,
  });
});

test('a request value replaces the pack override and the default', (t) => {
  const limits = resolveLimits({ maximums, pack: { wallMs: 10_000, memoryMb: 512 }, requested: { wallMs: 1_000, cpuMs: 500 } });
  t.deepEqual(limits, { ...DEFAULT_LIMITS, wallMs: 1_000, cpuMs: 500, memoryMb: 512 });
});

test('the operator maximum caps the default, the pack and the request', (t) => {
  const low: Limits = { wallMs: 100, cpuMs: 100, memoryMb: 32, processes: 4, outputKb: 16, fileSizeKb: 16 };
  t.deepEqual(resolveLimits({ maximums: low }), low);
  t.deepEqual(resolveLimits({ maximums: low, pack: { memoryMb: 512 } }), low);
  t.deepEqual(resolveLimits({ maximums: low, pack: { wallMs: 50 }, requested: { wallMs: 10_000, processes: 2 } }), {
    ...low,
    processes: 2,
  });
});

test('resolveLimits is pure: it changes none of its inputs', (t) => {
  const pack = { wallMs: 10_000 };
  const requested = { wallMs: 1_000 };
  const maximumsCopy = { ...maximums };
  resolveLimits({ maximums: maximumsCopy, pack, requested });
  t.deepEqual(pack, { wallMs: 10_000 });
  t.deepEqual(requested, { wallMs: 1_000 });
  t.deepEqual(maximumsCopy, maximums);
});

test('limitAboveMaximum names the first requested limit above its maximum', (t) => {
  t.is(limitAboveMaximum({}, maximums), undefined);
  t.is(limitAboveMaximum({ wallMs: DEFAULT_MAXIMUMS.wallMs }, maximums), undefined);
  t.deepEqual(limitAboveMaximum({ wallMs: DEFAULT_MAXIMUMS.wallMs + 1 }, maximums), {
    name: 'wallMs',
    value: DEFAULT_MAXIMUMS.wallMs + 1,
    maximum: DEFAULT_MAXIMUMS.wallMs,
  });
  t.deepEqual(limitAboveMaximum({ fileSizeKb: 1_000_000, memoryMb: 4_096 }, maximums), {
    name: 'memoryMb',
    value: 4_096,
    maximum: DEFAULT_MAXIMUMS.memoryMb,
  });
});

test('partialLimitsSchema accepts positive integers for known limits', (t) => {
  const { value, error } = partialLimitsSchema.validate({ wallMs: 1, memoryMb: 64 });
  t.is(error, undefined);
  t.deepEqual(value, { wallMs: 1, memoryMb: 64 });
  t.is(partialLimitsSchema.validate({}).error, undefined);
});

const rejected: [Record<string, unknown>, string][] = [
  [{ wallMs: 0 }, '"wallMs" must be greater than or equal to 1'],
  [{ cpuMs: -1 }, '"cpuMs" must be greater than or equal to 1'],
  [{ memoryMb: 1.5 }, '"memoryMb" must be an integer'],
  [{ processes: 'many' }, '"processes" must be a number'],
  [{ timeMs: 100 }, '"timeMs" is not allowed'],
];

for (const [input, message] of rejected) {
  test(`partialLimitsSchema rejects ${JSON.stringify(input)}`, (t) => {
    t.is(partialLimitsSchema.validate(input).error?.message, message);
  });
}
