import test from 'ava';
import { resolvePack, type PackOptions } from '../src/pack/contract.js';
import { PackRegistry } from '../src/pack/registry.js';
import { DuplicatePeerNameError } from '../src/errors.js';
import { loadPacks } from '../src/pack/loader.js';

const pack = (id: string, peers: PackOptions['peers']) =>
  resolvePack({ id, displayName: id, version: '1', sourceFile: 'main.x', run: ['./main'], peers }, `@sentinel/lang-${id}`, `/opt/${id}`);

test('two packs with one Piston name or alias are DuplicatePeerNameError naming both packages', (t) => {
  t.throws(() => new PackRegistry([pack('a', { piston: { language: 'x', version: '1.0.0' } }), pack('b', { piston: { language: 'y', aliases: ['x'], version: '1.0.0' } })]), {
    instanceOf: DuplicatePeerNameError,
    message: 'Piston language name "x" is claimed by both @sentinel/lang-a and @sentinel/lang-b',
  });
});

test('two packs with one Judge0 id are DuplicatePeerNameError', (t) => {
  const error = t.throws(() => new PackRegistry([pack('a', { judge0: { id: 71 } }), pack('b', { judge0: { id: 71 } })]), {
    instanceOf: DuplicatePeerNameError,
    message: 'Judge0 language id "71" is claimed by both @sentinel/lang-a and @sentinel/lang-b',
  });
  t.is(error?.code, 'PACK_DUPLICATE');
  t.false(error?.retryable);
});

test('a Piston name may equal another pack\'s Sentinel id: the tables are apart', (t) => {
  const registry = new PackRegistry([pack('cpp', { piston: { language: 'c++', version: '12.2.0' } }), pack('c', { piston: { language: 'c', aliases: ['cpp-not'], version: '12.2.0' } })]);
  t.is(registry.list().length, 2);
});

/** The languages both peers have: each of these packs must declare both names. */
const IN_BOTH_PEERS = ['bash', 'c', 'cpp', 'csharp', 'd', 'elixir', 'erlang', 'fortran', 'go', 'haskell', 'java', 'javascript', 'kotlin', 'lua', 'ocaml', 'pascal', 'perl', 'php', 'python', 'r', 'ruby', 'rust', 'sqlite', 'typescript'];

test('the bundled packs load together (no name clash in any table); those both peers have declare both names', async (t) => {
  const registry = await loadPacks();
  t.true(registry.list().length >= 50, `${registry.list().length} packs`);
  for (const id of IN_BOTH_PEERS) {
    const bundled = registry.find(id);
    t.truthy(bundled?.peers.piston, `${id} has no Piston name`);
    t.truthy(bundled?.peers.judge0, `${id} has no Judge0 id`);
  }
  t.is(registry.find('python')?.peers.judge0?.id, 71);
  t.is(registry.find('llvm-ir')?.peers.piston?.language, 'llvm_ir');
});
