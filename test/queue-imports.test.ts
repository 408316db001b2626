/**
 * Master and executor know the job queue only through the queue port: their sources import
 * nothing from `bull` and name none of Bull's keys, key helpers or types.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(path.join(dir, entry.name)) : /\.m?ts$/.test(entry.name) ? [path.join(dir, entry.name)] : [],
  );
}

/** What a source line must not say, each with why. */
const FORBIDDEN: ReadonlyArray<[RegExp, string]> = [
  [/from\s+['"]bull(?:\/[^'"]*)?['"]|import\(\s*['"]bull['"]\s*\)|require\(\s*['"]bull['"]\s*\)/, 'imports bull'],
  [/['"`]bull:/, "names a Bull key ('bull:...')"],
  [/\b(?:queueKeys|QUEUE_PREFIX|QueueFactory|CODE_RUN_QUEUE_SETTINGS|readJobSnapshot|BullJobQueue)\b/, "uses the Bull adapter's own names"],
  [/\b(?:QueueJob|Bull\.\w+)\b|\btype\s+Queue\b|[{,]\s*Queue\s*[,}]/, 'uses a Bull type'],
];

/** The lines of `text` that break a rule, as "file:line: why". */
export function offences(file: string, text: string): string[] {
  return text.split('\n').flatMap((line, index) =>
    FORBIDDEN.filter(([pattern]) => pattern.test(line)).map(([, why]) => `${path.relative(ROOT, file)}:${index + 1}: ${why}: ${line.trim()}`),
  );
}

for (const tree of ['master/src', 'executor/src']) {
  test(`${tree} uses the queue port only`, (t) => {
    const files = sourceFiles(path.join(ROOT, tree));
    t.true(files.length >= 10);
    t.deepEqual(files.flatMap((file) => offences(file, readFileSync(file, 'utf8'))), []);
  });
}

test('the check catches each kind of leak', (t) => {
  const planted = [
    "import Bull from 'bull';",
    "const key = `bull:${language}:wait`;",
    "import { queueKeys } from '@sentinel/core';",
    'let job: QueueJob;',
    'const settings: Bull.AdvancedSettings = {};',
    "import { type Queue, createRedis } from '@sentinel/core';",
  ];
  for (const line of planted) t.is(offences(path.join(ROOT, 'master/src/x.ts'), line).length > 0, true, line);
  t.deepEqual(offences(path.join(ROOT, 'master/src/x.ts'), "import { type JobQueue } from '@sentinel/core'; // a bull market"), []);
});
