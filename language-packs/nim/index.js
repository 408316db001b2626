// @ts-check
/** @type {import('@sentinel/core').PackOptions} */
export default {
  id: 'nim',
  displayName: 'Nim',
  version: '1.6.10',
  sourceFile: 'main.nim',
  // nim compiles to C and has gcc build ./main. -d:release: the run-time checks kept (overflow,
  // bounds), as judges build; --opt:size: gcc -Os rather than release's -O3, as every job compiles
  // the whole runtime (a third less CPU; --opt:speed gets -O3 back); --hints:off: only warnings
  // and errors in the output;
  // --nimcache in the private /tmp, as the default is under $HOME, which the sandbox lacks.
  compile: ['/usr/bin/nim', 'compile', '-d:release', '--opt:size', '--hints:off', '--nimcache:/tmp/nimcache', '--out:main', 'main.nim'],
  // What a request may add (each a whole option): danger mode (no checks), speed or size, a GC,
  // defines without paths, warnings. Nothing that names a file, a path or a command (--out,
  // --path, --import, --passC/--passL, --cc, --nimcache, --run) is allowed.
  compilerOptions: ['-d:(danger|release)', '--opt:(none|speed|size)', '--(gc|mm):(refc|arc|orc|markAndSweep|none)', '-d:[A-Za-z_][A-Za-z0-9_]*(=[A-Za-z0-9_.+-]*)?', '--warnings:(on|off)', '--checks:(on|off)'],
  // A compile that exits 0 without leaving this is a COMPILATION_ERROR (no run could start).
  artifacts: ['main'],
  run: ['./main'],
  env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8' },
  // Debian's nim.cfg in /etc/nim sets the library search paths (lib/core, lib/pure...); without it
  // "import std/strutils" fails with "cannot open file: macros". Configuration only.
  readOnlyPaths: ['/etc/nim'],
  // Every job compiles the whole runtime (system.nim and what it imports, about ten C files) with
  // gcc from a fresh nimcache: 2-3 s of CPU for hello world at -Os, far more wall time on a busy
  // machine. The compile step gets the operator's maximum wall time (20 s, not 15).
  compileLimits: { wallMs: 20_000 },
  // Piston's package "nim". Judge0 CE has no Nim.
  peers: { piston: { language: 'nim', version: '1.6.10' } },
  // nim brings its standard library and gcc, which it drives.
  debianPackages: ['nim'],
};
