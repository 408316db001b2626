// @ts-check
import { fileURLToPath } from 'node:url';

// The compile step's helper (see compile.sh): a program of C# 9 top-level statements (no Main,
// no class before its first statement) gets them put into a Main, as the C# 9 compiler does,
// since mcs (C# 7.2) cannot compile them; any other program goes to mcs as it is. Bound read-only
// into the sandbox at its own path.
const compileScript = fileURLToPath(new URL('./compile.sh', import.meta.url));

/** @type {import('@sentinel/core').PackOptions} */
export default {
  id: 'csharp',
  displayName: 'C# (Mono)',
  version: 'Mono 6.8.0.105 (mcs, C# 7.2)',
  aliases: ['c#', 'cs', 'mono', 'mcs'],
  sourceFile: 'main.cs',
  // Debian's mcs (a two-line script: /usr/bin/mono /usr/lib/mono/4.5/mcs.exe). -optimize+: the
  // compiler's optimizations, as judges use; -r:System.Numerics: BigInteger and Complex available
  // without a request option (System, System.Core and System.Xml are referenced by default);
  // -out:main.exe: the assembly the run starts.
  // compile.sh appends main.cs (wrapped first when it is top-level statements).
  compile: ['/usr/bin/sh', compileScript, '/usr/bin/mcs', '-optimize+', '-r:System.Numerics', '-out:main.exe'],
  // What a request may add to mcs (each a whole option): language version, warning level and
  // warnings as errors, conditional symbols, checked arithmetic, unsafe code, debug info. Nothing
  // that names a file, an assembly reference or an output.
  compilerOptions: [
    '-langversion:(ISO-1|ISO-2|[1-7]|7\\.[12]|Default|Latest)',
    '-warn:[0-4]',
    '-warnaserror[+-]?',
    '-nowarn:[0-9]+(,[0-9]+)*',
    '-(d|define):[A-Za-z_][A-Za-z0-9_]*(;[A-Za-z_][A-Za-z0-9_]*)*',
    '-checked[+-]?',
    '-unsafe[+-]?',
    '-optimize[+-]',
    '-debug[+-]?',
  ],
  // A compile that exits 0 without leaving this is a COMPILATION_ERROR (no run could start).
  artifacts: ['main.exe'],
  // The JIT with its default optimizations and the default sgen GC. sgen does not size itself from
  // the host's RAM (it has no heap cap by default and collects according to the live heap), so
  // nothing needs telling: a program that outgrows the memory limit is killed, MEMORY_LIMIT. It
  // runs with three threads (main, finalizer, GC worker).
  run: ['/usr/bin/mono', 'main.exe'],
  // Mono's DllImport map: without /etc/mono/config the runtime cannot find libmono-native.so
  // ("DllNotFoundException: System.Native"), File.Exists answers false for every file and mcs
  // reports "Source file `main.cs' could not be found". The rest of /etc/mono (machine.config,
  // ASP.NET files, certificates) is not needed.
  readOnlyPaths: ['/etc/mono/config', compileScript],
  env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8' },
  // mono-mcs: the compiler and the class libraries it needs; mono-runtime: the mono VM.
  // Its names in the Piston and Judge0 compatible APIs (Judge0 CE's seed id).
  peers: { piston: { language: 'csharp', aliases: ['mono', 'mono-csharp', 'mono-c#', 'mono-cs', 'c#', 'cs'], version: '6.8.0' }, judge0: { id: 51 } },
  debianPackages: ['mono-mcs', 'mono-runtime'],
};
