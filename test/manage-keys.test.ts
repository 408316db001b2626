/** `npm run manage -- keys create|list|revoke`, run as a process against a real Redis. */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import test from 'ava';
import { Redis } from 'ioredis';
import { ApiKeyStore, API_KEY_PATTERN } from '../master/src/api-keys/key-store.js';
import { startRedis, type TestRedis } from './helpers/redis.js';

const root = fileURLToPath(new URL('..', import.meta.url));
let redis: TestRedis;

test.before(async () => {
  redis = await startRedis();
});

test.after.always(async () => {
  await redis?.stop();
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function manage(...args: string[]): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import=tsx', path.join(root, 'scripts/manage.mts'), 'keys', ...args], {
      cwd: root,
      env: { ...process.env, REDIS_URL: redis.url },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

test.serial('create prints the key once; list shows it without the key; revoke by prefix revokes it', async (t) => {
  const created = await manage('create', '--name', 'grader', '--submit-per-minute', '30', '--daily-jobs', '500');
  t.is(created.code, 0, created.stderr);
  const [, id] = /^created key ([0-9a-f]{16}) \(grader\): submit-per-minute 30, daily-jobs 500$/m.exec(created.stdout) ?? [];
  const [, key] = /^key: (\S+)$/m.exec(created.stdout) ?? [];
  t.truthy(id, created.stdout);
  t.regex(key ?? '', API_KEY_PATTERN);

  const db = new Redis(redis.url);
  t.teardown(() => db.disconnect());
  const store = new ApiKeyStore(db);
  t.like(await store.find(key!), { id, name: 'grader', submitPerMinute: 30, dailyJobs: 500 });

  const listed = await manage('list');
  t.is(listed.code, 0, listed.stderr);
  const lines = listed.stdout.trimEnd().split('\n');
  t.regex(lines[0]!, /^id\s+prefix\s+name\s+created\s+state\s+submit\/min\s+read\/min\s+wait\/min\s+daily jobs$/);
  t.regex(lines[1]!, new RegExp(`^${id}\\s+${key!.slice(0, 10)}…\\s+grader\\s+\\S+Z\\s+active\\s+30\\s+default\\s+default\\s+500$`));
  t.false(listed.stdout.includes(key!), 'the key is never shown again');

  const revoked = await manage('revoke', key!.slice(0, 10));
  t.is(revoked.code, 0, revoked.stderr);
  t.regex(revoked.stdout, new RegExp(`^revoked key ${id} \\(grader\\) at \\S+Z\\n$`));
  t.truthy((await store.find(key!))?.revoked);
  t.regex((await manage('list')).stdout, /revoked \d{4}-/);
});

test.serial('usage and selection errors', async (t) => {
  const noName = await manage('create');
  t.is(noName.code, 2);
  t.regex(noName.stderr, /^manage: keys create needs --name <name>\nusage: npm run manage/);
  const badLimit = await manage('create', '--name', 'x', '--daily-jobs', 'lots');
  t.is(badLimit.code, 2);
  t.regex(badLimit.stderr, /^manage: --daily-jobs must be a whole number \(got "lots"\)/);
  const unknown = await manage('revoke', 'ffff');
  t.is(unknown.code, 1);
  t.is(unknown.stderr, 'manage: no key matches "ffff": give an id from keys list, or more of it\n');
});
