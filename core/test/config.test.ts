import test from 'ava';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Joi from 'joi';
import { commonEnv, loadConfigOrExit, readEnv, type CommonConfig } from '../src/config.js';
import { ConfigError } from '../src/errors.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

const serviceEnv = {
  ...commonEnv,
  PORT: Joi.number().port().default(3000),
  LOG_LEVEL: Joi.string().valid('info', 'debug').default('info'),
};
interface ServiceConfig extends CommonConfig {
  PORT: number;
  LOG_LEVEL: string;
}

test('defaults are applied when nothing is set', (t) => {
  t.deepEqual(readEnv<ServiceConfig>(serviceEnv, {}), { REDIS_URL: 'redis://127.0.0.1:6379', PORT: 3000, LOG_LEVEL: 'info' });
});

test('set values are converted and variables outside the schema ignored', (t) => {
  const config = readEnv<ServiceConfig>(serviceEnv, {
    REDIS_URL: 'rediss://cache.internal:6380/2',
    PORT: '8080',
    LOG_LEVEL: 'debug',
    HOME: '/root',
  });
  t.deepEqual(config, { REDIS_URL: 'rediss://cache.internal:6380/2', PORT: 8080, LOG_LEVEL: 'debug' });
});

test('an empty string is treated as unset', (t) => {
  t.deepEqual(readEnv<ServiceConfig>(serviceEnv, { REDIS_URL: '', SENTINEL_PACKS: '', PORT: '' }), {
    REDIS_URL: 'redis://127.0.0.1:6379',
    PORT: 3000,
    LOG_LEVEL: 'info',
  });
});

test('a bad REDIS_URL is a ConfigError naming REDIS_URL', (t) => {
  for (const value of ['http://127.0.0.1:6379', 'not a url']) {
    const error = t.throws(() => readEnv(serviceEnv, { REDIS_URL: value }), {
      instanceOf: ConfigError,
      message: 'invalid configuration: REDIS_URL: "REDIS_URL" must be a valid uri with a scheme matching the redis|rediss pattern',
    });
    t.is(error?.variable, 'REDIS_URL');
    t.is(error?.code, 'CONFIG_INVALID');
  }
});

test('a bad extra variable is a ConfigError naming it', (t) => {
  t.throws(() => readEnv(serviceEnv, { PORT: '70000' }), {
    instanceOf: ConfigError,
    message: 'invalid configuration: PORT: "PORT" must be a valid port',
  });
  t.throws(() => readEnv(serviceEnv, { LOG_LEVEL: 'loud' }), {
    instanceOf: ConfigError,
    message: 'invalid configuration: LOG_LEVEL: "LOG_LEVEL" must be one of [info, debug]',
  });
});

test('SENTINEL_PACKS is parsed into a trimmed array', (t) => {
  const config = readEnv<CommonConfig>(commonEnv, { SENTINEL_PACKS: ' python , javascript,@acme/lang-rust ' });
  t.deepEqual(config.SENTINEL_PACKS, ['python', 'javascript', '@acme/lang-rust']);
  t.deepEqual(readEnv<CommonConfig>(commonEnv, { SENTINEL_PACKS: 'python' }).SENTINEL_PACKS, ['python']);
});

test('a SENTINEL_PACKS that is not a list of names is a ConfigError naming it', (t) => {
  for (const value of ['python;rm -rf /', 'python,,javascript', 'Python']) {
    t.throws(() => readEnv(commonEnv, { SENTINEL_PACKS: value }), {
      instanceOf: ConfigError,
      message: 'invalid configuration: SENTINEL_PACKS: "SENTINEL_PACKS" must be a comma-separated list of names',
    }, value);
  }
});

test('loadConfigOrExit returns the config and rethrows errors that are not ConfigError', (t) => {
  t.deepEqual(loadConfigOrExit(() => readEnv(commonEnv, {})), { LOG_LEVEL: 'info', REDIS_URL: 'redis://127.0.0.1:6379' });
  t.throws(
    () =>
      loadConfigOrExit(() => {
        throw new TypeError('not a config problem');
      }),
    { instanceOf: TypeError, message: 'not a config problem' },
  );
});

interface ChildResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs loadConfigOrExit(readEnv(commonEnv)) in a child process with exactly `env`. */
function bootChild(env: Record<string, string>): Promise<ChildResult> {
  const script = [
    "import { commonEnv, loadConfigOrExit, readEnv } from './core/src/config.js';",
    'const config = loadConfigOrExit(() => readEnv(commonEnv));',
    'console.log(JSON.stringify(config));',
  ].join('\n');
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      { cwd: repoRoot, env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', ...env }, timeout: 30_000 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
    );
  });
}

test('loadConfigOrExit exits with code 1 and a message naming the variable', async (t) => {
  const { code, stdout, stderr } = await bootChild({ REDIS_URL: 'http://127.0.0.1:6379' });
  t.is(code, 1);
  t.is(stdout, '');
  t.is(
    stderr.trim(),
    'sentinel: invalid configuration: REDIS_URL: "REDIS_URL" must be a valid uri with a scheme matching the redis|rediss pattern',
  );
});

test('loadConfigOrExit boots normally with a good environment', async (t) => {
  const { code, stdout } = await bootChild({ REDIS_URL: 'redis://redis:6379', SENTINEL_PACKS: 'python' });
  t.is(code, 0);
  t.deepEqual(JSON.parse(stdout), { LOG_LEVEL: 'info', REDIS_URL: 'redis://redis:6379', SENTINEL_PACKS: ['python'] });
});

test('LOG_LEVEL: one of pino levels, info by default', (t) => {
  t.is(readEnv(commonEnv, { LOG_LEVEL: 'debug' }).LOG_LEVEL, 'debug');
  t.is(readEnv(commonEnv, { LOG_LEVEL: 'silent' }).LOG_LEVEL, 'silent');
  t.throws(() => readEnv(commonEnv, { LOG_LEVEL: 'loud' }), { message: /^invalid configuration: LOG_LEVEL: "LOG_LEVEL" must be one of \[fatal, error, warn, info, debug, trace, silent\]$/ });
});
