import test from 'ava';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { directoryUsage, jobDirEntries } from '../src/job-files.js';

test('jobDirEntries lists real files and folders, never links', async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sentinel-entries-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  await writeFile(path.join(dir, 'main'), 'x');
  await mkdir(path.join(dir, 'classes'));
  await symlink('/etc/passwd', path.join(dir, 'link'));
  await symlink('/etc', path.join(dir, 'dirlink'));
  t.deepEqual((await jobDirEntries(dir)).sort(), ['classes', 'main']);
});

test('directoryUsage counts bytes and entries without following links, and stops counting past the cap', async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sentinel-usage-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  await mkdir(path.join(dir, 'sub'));
  await writeFile(path.join(dir, 'sub', 'a'), Buffer.alloc(100_000));
  await symlink('/usr', path.join(dir, 'usr')); // a link to a big tree counts as one small entry
  const usage = await directoryUsage(dir, 1_000);
  t.is(usage.entries, 3);
  t.true(usage.bytes >= 100_000 && usage.bytes < 200_000, String(usage.bytes));
  for (let i = 0; i < 30; i++) await writeFile(path.join(dir, `f${i}`), '');
  t.true((await directoryUsage(dir, 10)).entries > 10);
  t.true((await directoryUsage(dir, 10)).entries <= 10 + 33, 'stops walking soon after the cap');
});
