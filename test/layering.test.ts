/**
 * What each part may import (ARCHITECTURE.md, "Who may import what"), read from the sources: core
 * imports no other part, master and executor import only core, and only the Bull adapter imports bull.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** Package specifiers a source imports (static, dynamic and `import.meta.resolve`), relative ones left out. */
export function packageImports(text: string): string[] {
  const found = text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\.meta\.resolve\(\s*|^import\s+)['"]([^'"./][^'"]*)['"]/gm);
  return [...found].map((match) => match[1]!);
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(path.join(dir, entry.name)) : entry.name.endsWith('.ts') ? [path.join(dir, entry.name)] : [],
  );
}

/** Per part: the Sentinel packages and the queue library it may import. */
const ALLOWED: Record<string, { sentinel: string[]; bull: (file: string) => boolean }> = {
  'core/src': { sentinel: [], bull: (file) => file.startsWith(path.join(ROOT, 'core/src/queue/bull/')) },
  'master/src': { sentinel: ['@sentinel/core'], bull: () => false },
  'executor/src': { sentinel: ['@sentinel/core'], bull: () => false },
  'local/src': { sentinel: ['@sentinel/core', '@sentinel/master', '@sentinel/executor'], bull: () => false },
};

const packageOf = (specifier: string) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');

/** The imports of `file` that break its part's rule, as "file: specifier". */
export function breaches(part: string, file: string, text: string): string[] {
  const rule = ALLOWED[part]!;
  return packageImports(text)
    .filter((specifier) => {
      const name = packageOf(specifier);
      if (name === 'bull') return !rule.bull(file);
      return name.startsWith('@sentinel/') && !rule.sentinel.includes(name);
    })
    .map((specifier) => `${path.relative(ROOT, file)}: ${specifier}`);
}

for (const part of Object.keys(ALLOWED)) {
  test(`${part} imports only what its part may`, (t) => {
    const files = sources(path.join(ROOT, part));
    t.true(files.length >= 4);
    t.deepEqual(files.flatMap((file) => breaches(part, file, readFileSync(file, 'utf8'))), []);
  });
}

test('the rule catches each kind of breach, and passes what is allowed', (t) => {
  const master = path.join(ROOT, 'master/src/x.ts');
  t.deepEqual(breaches('master/src', master, "import { judge } from '@sentinel/executor';\nimport Bull from 'bull';\nconst m = await import('@sentinel/local/x');"), [
    'master/src/x.ts: @sentinel/executor',
    'master/src/x.ts: bull',
    'master/src/x.ts: @sentinel/local/x',
  ]);
  t.deepEqual(breaches('core/src', path.join(ROOT, 'core/src/job.ts'), "import type Bull from 'bull';"), ['core/src/job.ts: bull']);
  t.deepEqual(breaches('core/src', path.join(ROOT, 'core/src/queue/bull/factory.ts'), "import Bull from 'bull';"), []);
  t.deepEqual(breaches('local/src', path.join(ROOT, 'local/src/x.ts'), "const f = import.meta.resolve('@sentinel/master/main');\nimport Koa from 'koa';"), []);
});
