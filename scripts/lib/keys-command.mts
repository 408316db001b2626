/**
 * `npm run manage -- keys create|list|revoke`: parses and prints; the Redis side is the master's
 * ApiKeyStore (master/src/api-keys/key-store.ts), the very code the master authenticates with.
 */
import { Redis } from 'ioredis';
import { ApiKeyStore, type ApiKey, type KeyLimits } from '../../master/src/api-keys/key-store.ts';

export const KEYS_USAGE =
  '       npm run manage -- keys create --name <name> [--submit-per-minute N --read-per-minute N --wait-per-minute N --daily-jobs N]\n' +
  '       npm run manage -- keys list | keys revoke <id-or-prefix>   (Redis: --redis <url>, else REDIS_URL, else redis://127.0.0.1:6379)';

export const KEY_OPTIONS = {
  redis: { type: 'string' },
  name: { type: 'string' },
  'submit-per-minute': { type: 'string' },
  'read-per-minute': { type: 'string' },
  'wait-per-minute': { type: 'string' },
  'daily-jobs': { type: 'string' },
} as const;

const LIMIT_OPTIONS = [
  ['submit-per-minute', 'submitPerMinute'],
  ['read-per-minute', 'readPerMinute'],
  ['wait-per-minute', 'waitPerMinute'],
  ['daily-jobs', 'dailyJobs'],
] as const;

type KeyValues = { [name in keyof typeof KEY_OPTIONS]?: string };

export async function keysCommand(args: string[], values: KeyValues, usage: (message: string) => Error): Promise<void> {
  const [action, selector] = args;
  const limits = keyLimits(values, usage);
  const redis = new Redis(values.redis ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1, lazyConnect: true });
  redis.on('error', () => undefined); // the failing command reports it
  const store = new ApiKeyStore(redis);
  try {
    await redis.connect();
    if (action === 'create') {
      if (!values.name) throw usage('keys create needs --name <name>');
      const { key, record } = await store.create(values.name, limits);
      console.log(`created key ${record.id} (${record.name})${describeLimits(record)}`);
      console.log(`key: ${key}`);
      console.log('Store it now: it is not shown again (Redis holds only its SHA-256).');
    } else if (action === 'list') {
      printKeys(await store.list());
    } else if (action === 'revoke') {
      if (!selector) throw usage('keys revoke needs the id (or key prefix) of a key');
      const key = await store.revoke(selector);
      console.log(`revoked key ${key.id} (${key.name}) at ${key.revoked}`);
    } else {
      throw usage(`unknown keys command ${JSON.stringify(action ?? '')}: create, list or revoke`);
    }
  } finally {
    redis.disconnect();
  }
}

function keyLimits(values: KeyValues, usage: (message: string) => Error): KeyLimits {
  const limits: KeyLimits = {};
  for (const [option, name] of LIMIT_OPTIONS) {
    const raw = values[option];
    if (raw === undefined) continue;
    if (!/^\d+$/.test(raw) || (name !== 'dailyJobs' && Number(raw) < 1)) throw usage(`--${option} must be a whole number${name === 'dailyJobs' ? '' : ' of at least 1'} (got ${JSON.stringify(raw)})`);
    limits[name] = Number(raw);
  }
  return limits;
}

function describeLimits(key: ApiKey): string {
  const parts = LIMIT_OPTIONS.filter(([, name]) => key[name] !== undefined).map(([option, name]) => `${option} ${key[name]}`);
  return parts.length ? `: ${parts.join(', ')}` : '';
}

function printKeys(keys: ApiKey[]): void {
  const header = ['id', 'prefix', 'name', 'created', 'state', 'submit/min', 'read/min', 'wait/min', 'daily jobs'];
  const rows = keys.map((key) => [
    key.id,
    `${key.prefix}…`,
    key.name,
    key.created,
    key.revoked ? `revoked ${key.revoked}` : 'active',
    ...LIMIT_OPTIONS.map(([, name]) => (key[name] === undefined ? 'default' : String(key[name]))),
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  for (const row of [header, ...rows]) console.log(row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd());
}
