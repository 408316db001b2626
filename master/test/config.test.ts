import test from 'ava';
import { ConfigError, DEFAULT_MAXIMUMS, DEFAULT_REQUEST_BOUNDS } from '@sentinel/core';
import { requestBounds } from '@sentinel/core';
import { readMasterConfig } from '../src/config.js';

test('defaults', (t) => {
  t.deepEqual(readMasterConfig({}), {
    REDIS_URL: 'redis://127.0.0.1:6379',
    LOG_LEVEL: 'info',
    PORT: 8910,
    HOST: '0.0.0.0',
    API_KEYS: 'off',
    API_KEY_CACHE_MS: 5_000,
    RATE_LIMIT_SUBMIT_PER_MINUTE: 120,
    RATE_LIMIT_READ_PER_MINUTE: 1_200,
    RATE_LIMIT_WAIT_PER_MINUTE: 120,
    RATE_LIMIT_WINDOW_MS: 60_000,
    TRUST_PROXY: false,
    JOB_RETENTION_SECONDS: 86_400,
    JOB_RETENTION_COUNT: 10_000,
    INTERACTIVE_WALL_MS: 60_000,
    INTERACTIVE_IDLE_MS: 15_000,
    INTERACTIVE_STDIN_BYTES: 1024 * 1024,
    MAX_QUEUE_LENGTH: 1_000,
    MAX_REDIS_MEMORY_PERCENT: 90,
    BODY_LIMIT_BYTES: 16 * 1024 * 1024,
    MAX_WAIT_SECONDS: 30,
    BATCH_MAX_JOBS: 20,
    MAX_EVENTS_SECONDS: 600,
    MAX_CODE_BYTES: DEFAULT_REQUEST_BOUNDS.maxCodeBytes,
    MAX_TEST_CASES: DEFAULT_REQUEST_BOUNDS.maxTestCases,
    MAX_CASE_BYTES: DEFAULT_REQUEST_BOUNDS.maxCaseBytes,
    MAX_FILES: DEFAULT_REQUEST_BOUNDS.maxFiles,
    MAX_FILE_BYTES: DEFAULT_REQUEST_BOUNDS.maxFileBytes,
    SENTINEL_MAX_WALL_MS: DEFAULT_MAXIMUMS.wallMs,
    SENTINEL_MAX_CPU_MS: DEFAULT_MAXIMUMS.cpuMs,
    SENTINEL_MAX_MEMORY_MB: DEFAULT_MAXIMUMS.memoryMb,
    SENTINEL_MAX_PROCESSES: DEFAULT_MAXIMUMS.processes,
    SENTINEL_MAX_OUTPUT_KB: DEFAULT_MAXIMUMS.outputKb,
    SENTINEL_MAX_FILE_KB: DEFAULT_MAXIMUMS.fileSizeKb,
    WEBHOOK_ALLOW_PRIVATE: false,
    WEBHOOK_TIMEOUT_MS: 5_000,
    WEBHOOK_MAX_ATTEMPTS: 8,
    WEBHOOK_BACKOFF_MS: 1_000,
    WEBHOOK_CONCURRENCY: 10,
  });
});

test('WEBHOOK_SECRET is unset by default (callbacks off) and at least 16 characters when set', (t) => {
  t.false('WEBHOOK_SECRET' in readMasterConfig({}));
  t.is(readMasterConfig({ WEBHOOK_SECRET: '0123456789abcdef' }).WEBHOOK_SECRET, '0123456789abcdef');
  t.throws(() => readMasterConfig({ WEBHOOK_SECRET: 'short' }), { message: 'invalid configuration: WEBHOOK_SECRET: "WEBHOOK_SECRET" length must be at least 16 characters long' });
  t.true(readMasterConfig({ WEBHOOK_ALLOW_PRIVATE: 'true' }).WEBHOOK_ALLOW_PRIVATE);
  t.throws(() => readMasterConfig({ WEBHOOK_MAX_ATTEMPTS: '0' }), { message: /WEBHOOK_MAX_ATTEMPTS/ });
});

test('MAX_REDIS_MEMORY_PERCENT is 0 (no bound) to 100', (t) => {
  t.is(readMasterConfig({ MAX_REDIS_MEMORY_PERCENT: '0' }).MAX_REDIS_MEMORY_PERCENT, 0);
  t.is(readMasterConfig({ MAX_REDIS_MEMORY_PERCENT: '100' }).MAX_REDIS_MEMORY_PERCENT, 100);
  t.throws(() => readMasterConfig({ MAX_REDIS_MEMORY_PERCENT: '101' }), { message: 'invalid configuration: MAX_REDIS_MEMORY_PERCENT: "MAX_REDIS_MEMORY_PERCENT" must be less than or equal to 100' });
  t.throws(() => readMasterConfig({ MAX_REDIS_MEMORY_PERCENT: '90%' }), { message: /MAX_REDIS_MEMORY_PERCENT/ });
});

test('a limit maximum of 0 is refused at boot: it never means "unlimited"', (t) => {
  t.throws(() => readMasterConfig({ SENTINEL_MAX_CPU_MS: '0' }), { message: /SENTINEL_MAX_CPU_MS.*greater than or equal to 1/ });
});

test('values from the environment', (t) => {
  const config = readMasterConfig({
    REDIS_URL: 'redis://redis:6380',
    SENTINEL_PACKS: 'python, javascript',
    PORT: '9000',
    HOST: '127.0.0.1',
    RATE_LIMIT_MAX: '3',
    RATE_LIMIT_WINDOW_MS: '1000',
    TRUST_PROXY: 'true',
    JOB_RETENTION_SECONDS: '60',
    JOB_RETENTION_COUNT: '50',
    MAX_QUEUE_LENGTH: '0',
    BODY_LIMIT_BYTES: '2048',
    MAX_CODE_BYTES: '100',
    MAX_TEST_CASES: '5',
    MAX_CASE_BYTES: '10',
    MAX_FILES: '3',
    MAX_FILE_BYTES: '7',
    UNRELATED: 'ignored',
  });
  t.like(config, { REDIS_URL: 'redis://redis:6380', SENTINEL_PACKS: ['python', 'javascript'], PORT: 9000, TRUST_PROXY: true, JOB_RETENTION_SECONDS: 60, JOB_RETENTION_COUNT: 50, MAX_QUEUE_LENGTH: 0 });
  t.deepEqual(requestBounds(config), { maxCodeBytes: 100, maxTestCases: 5, maxCaseBytes: 10, maxFiles: 3, maxFileBytes: 7 });
});

test('RATE_LIMIT_MAX (deprecated) stands in for each class limit not set itself', (t) => {
  const config = readMasterConfig({ RATE_LIMIT_MAX: '7', RATE_LIMIT_READ_PER_MINUTE: '50' });
  t.like(config, { RATE_LIMIT_SUBMIT_PER_MINUTE: 7, RATE_LIMIT_READ_PER_MINUTE: 50, RATE_LIMIT_WAIT_PER_MINUTE: 7 });
  t.like(readMasterConfig({}), { RATE_LIMIT_SUBMIT_PER_MINUTE: 120, RATE_LIMIT_READ_PER_MINUTE: 1_200, RATE_LIMIT_WAIT_PER_MINUTE: 120 });
});

test('API_KEYS=on', (t) => {
  t.is(readMasterConfig({ API_KEYS: 'on' }).API_KEYS, 'on');
});

for (const [value, expected] of [['1', true], ['on', true], ['false', false], ['0', false], ['off', false]] as const) {
  test(`TRUST_PROXY=${value} is ${expected}`, (t) => {
    t.is(readMasterConfig({ TRUST_PROXY: value }).TRUST_PROXY, expected);
  });
}

const rejects = test.macro((t, variable: string, value: string, message: string) => {
  const error = t.throws(() => readMasterConfig({ [variable]: value }), { instanceOf: ConfigError });
  t.is(error?.message, message);
  t.is((error as ConfigError).variable, variable);
});

test('PORT out of range', rejects, 'PORT', '70000', 'invalid configuration: PORT: "PORT" must be a valid port');
test('RATE_LIMIT_SUBMIT_PER_MINUTE of 0', rejects, 'RATE_LIMIT_SUBMIT_PER_MINUTE', '0', 'invalid configuration: RATE_LIMIT_SUBMIT_PER_MINUTE: "RATE_LIMIT_SUBMIT_PER_MINUTE" must be greater than or equal to 1');
test('API_KEYS neither off nor on', rejects, 'API_KEYS', 'true', 'invalid configuration: API_KEYS: "API_KEYS" must be one of [off, on]');
test('API_KEY_CACHE_MS above a minute', rejects, 'API_KEY_CACHE_MS', '60001', 'invalid configuration: API_KEY_CACHE_MS: "API_KEY_CACHE_MS" must be less than or equal to 60000');
test('RATE_LIMIT_MAX of 0', rejects, 'RATE_LIMIT_MAX', '0', 'invalid configuration: RATE_LIMIT_MAX: "RATE_LIMIT_MAX" must be greater than or equal to 1');
test('TRUST_PROXY not a boolean', rejects, 'TRUST_PROXY', 'maybe', 'invalid configuration: TRUST_PROXY: "TRUST_PROXY" must be a boolean');
test('JOB_RETENTION_SECONDS not a number', rejects, 'JOB_RETENTION_SECONDS', 'a day', 'invalid configuration: JOB_RETENTION_SECONDS: "JOB_RETENTION_SECONDS" must be a number');
test('REDIS_URL not a redis URL', rejects, 'REDIS_URL', 'http://redis', 'invalid configuration: REDIS_URL: "REDIS_URL" must be a valid uri with a scheme matching the redis|rediss pattern');
test('JOB_RETENTION_COUNT of 0', rejects, 'JOB_RETENTION_COUNT', '0', 'invalid configuration: JOB_RETENTION_COUNT: "JOB_RETENTION_COUNT" must be greater than or equal to 1');
test('MAX_QUEUE_LENGTH negative', rejects, 'MAX_QUEUE_LENGTH', '-1', 'invalid configuration: MAX_QUEUE_LENGTH: "MAX_QUEUE_LENGTH" must be greater than or equal to 0');

test('BATCH_MAX_JOBS is 1..1000 and MAX_EVENTS_SECONDS 1..86400, integers', (t) => {
  t.like(readMasterConfig({ BATCH_MAX_JOBS: '1', MAX_EVENTS_SECONDS: '86400' }), { BATCH_MAX_JOBS: 1, MAX_EVENTS_SECONDS: 86_400 });
  for (const [name, value] of [['BATCH_MAX_JOBS', '0'], ['BATCH_MAX_JOBS', '1001'], ['MAX_EVENTS_SECONDS', '0'], ['MAX_EVENTS_SECONDS', '1.5']]) {
    t.throws(() => readMasterConfig({ [name!]: value }), { instanceOf: ConfigError, message: new RegExp(`^invalid configuration: ${name}: `) }, `${name}=${value}`);
  }
});

test('interactive bounds are checked at boot, naming the variable', (t) => {
  t.throws(() => readMasterConfig({ INTERACTIVE_IDLE_MS: '0' }), { instanceOf: ConfigError, message: /INTERACTIVE_IDLE_MS/ });
  t.throws(() => readMasterConfig({ INTERACTIVE_WALL_MS: String(2 * 3_600_000) }), { instanceOf: ConfigError, message: /INTERACTIVE_WALL_MS/ });
  t.throws(() => readMasterConfig({ INTERACTIVE_STDIN_BYTES: 'lots' }), { instanceOf: ConfigError, message: /INTERACTIVE_STDIN_BYTES/ });
});
