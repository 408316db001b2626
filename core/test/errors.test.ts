import test from 'ava';
import {
  ConfigError,
  DuplicatePackError,
  InvalidJobError,
  PackBrokenError,
  PackInvalidError,
  PackNotInstalledError,
  SandboxUnavailableError,
  SentinelError,
} from '../src/errors.js';

class TransientFault extends SentinelError {
  readonly code = 'TEST_TRANSIENT';
}

test('a SentinelError is retryable unless its class says a retry cannot help', (t) => {
  t.true(new TransientFault('redis went away').retryable);
  const deterministic: SentinelError[] = [
    new PackNotInstalledError('cobol', ['@sentinel/pack-cobol']),
    new PackBrokenError('@sentinel/pack-x', new Error('syntax')),
    new PackInvalidError('@sentinel/pack-x', 'run', 'must be an array'),
    new DuplicatePackError('py', '@sentinel/pack-a', '@sentinel/pack-b'),
    new ConfigError('SENTINEL_CONCURRENCY', 'must be a number'),
    new SandboxUnavailableError('no user namespaces'),
    new InvalidJobError('code', 'is required'),
  ];
  for (const error of deterministic) t.false(error.retryable, error.code);
});
