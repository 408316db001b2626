import test from 'ava';
import { candidatePackageNames, isPackageName, PACK_KEYWORD } from '../src/pack/names.js';

const table: [string, string[]][] = [
  ['python', ['@sentinel/lang-python', 'sentinel-lang-python']],
  ['c-sharp', ['@sentinel/lang-c-sharp', 'sentinel-lang-c-sharp']],
  ['  python  ', ['@sentinel/lang-python', 'sentinel-lang-python']],
  ['@sentinel/lang-python', ['@sentinel/lang-python']],
  ['@acme/pkg', ['@acme/pkg']],
  ['sentinel-lang-rust', ['sentinel-lang-rust']],
];

for (const [name, expected] of table) {
  test(`candidatePackageNames(${JSON.stringify(name)})`, (t) => {
    t.deepEqual(candidatePackageNames(name), expected);
  });
}

test('every short-name candidate is a valid npm package name', (t) => {
  for (const candidate of candidatePackageNames('python')) t.true(isPackageName(candidate), candidate);
});

test('isPackageName rejects what npm would', (t) => {
  t.true(isPackageName('@acme/pkg'));
  t.false(isPackageName('Python'));
  t.false(isPackageName('@acme/'));
  t.false(isPackageName('../pkg'));
});

test('the discovery keyword', (t) => {
  t.is(PACK_KEYWORD, 'sentinel-language-pack');
});
