import test from 'ava';
import {
  DEFAULT_LIMITS,
  DEFAULT_MAXIMUMS,
  LIMIT_NAMES,
  DEFAULT_COMPILE_LIMITS,
  limitCeiling,
  requestedLimitAboveCeiling,
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

test('a request may lower the pack override and the default', (t) => {
  const limits = resolveLimits({ maximums, pack: { wallMs: 10_000, memoryMb: 512 }, requested: { wallMs: 1_000, cpuMs: 500 } });
  t.deepEqual(limits, { ...DEFAULT_LIMITS, wallMs: 1_000, cpuMs: 500, memoryMb: 512 });
});

test('a request never raises a limit, not even below the operator maximum', (t) => {
  const limits = resolveLimits({ maximums, pack: { wallMs: 10_000 }, requested: { wallMs: 15_000, cpuMs: DEFAULT_MAXIMUMS.cpuMs } });
  t.deepEqual(limits, { ...DEFAULT_LIMITS, wallMs: 10_000 });
});

test('compile steps have their own defaults, under the same maximums', (t) => {
  t.deepEqual(resolveLimits({ maximums, defaults: DEFAULT_COMPILE_LIMITS }), { ...DEFAULT_COMPILE_LIMITS });
  const low = { ...maximums, memoryMb: 512 };
  t.is(resolveLimits({ maximums: low, defaults: DEFAULT_COMPILE_LIMITS, pack: { memoryMb: 2_048 } }).memoryMb, 512);
});

test('the operator maximum caps the default, the pack and the request', (t) => {
  const low: Limits = { wallMs: 100, cpuMs: 100, memoryMb: 32, processes: 4, outputKb: 16, fileSizeKb: 16 };
  t.deepEqual(resolveLimits({ maximums: low }), low);
  t.deepEqual(resolveLimits({ maximums: low, pack: { memoryMb: 512 } }), low);
  t.deepEqual(resolveLimits({ maximums: low, pack: { wallMs: 50 }, requested: { wallMs: 10_000, processes: 2 } }), {
    ...low,
    wallMs: 50,
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

test('limitCeiling is what a request may ask at most: pack override or default, capped by the maximum', (t) => {
  const ceiling = limitCeiling({ maximums: { ...maximums, memoryMb: 300 }, pack: { wallMs: 9_000, memoryMb: 512 } });
  t.deepEqual(ceiling, { ...DEFAULT_LIMITS, wallMs: 9_000, memoryMb: 300 });
});

test('requestedLimitAboveCeiling names the first requested limit above its ceiling', (t) => {
  const ceiling = limitCeiling({ maximums });
  t.is(requestedLimitAboveCeiling({}, ceiling), undefined);
  t.is(requestedLimitAboveCeiling({ wallMs: DEFAULT_LIMITS.wallMs }, ceiling), undefined);
  t.deepEqual(requestedLimitAboveCeiling({ wallMs: DEFAULT_LIMITS.wallMs + 1 }, ceiling), {
    name: 'wallMs',
    value: DEFAULT_LIMITS.wallMs + 1,
    maximum: DEFAULT_LIMITS.wallMs,
  });
  t.deepEqual(requestedLimitAboveCeiling({ fileSizeKb: 1_000_000, memoryMb: 4_096 }, ceiling), {
    name: 'memoryMb',
    value: 4_096,
    maximum: DEFAULT_LIMITS.memoryMb,
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
