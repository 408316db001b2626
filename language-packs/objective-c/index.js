// @ts-check
import { fileURLToPath } from 'node:url';

// The pack's support/ directory, bound read-only into the sandbox at the same path: the compile
// links support/passwd.m into every program (see below).
const support = fileURLToPath(new URL('./support', import.meta.url));

// The flags `gnustep-config --objc-flags` and `--base-libs` print, fixed here (no shell, so no
// backticks), minus what only suits a GNUstep make project: -MMD -MP (dependency files), -g, -Wall
// and the GSWARN/GSDIAGNOSE debugging macros, and the -I/-L of a ~/GNUstep or /usr/local tree.
const objcFlags = [
  '-DGNUSTEP', '-DGNUSTEP_BASE_LIBRARY=1', '-DGNU_RUNTIME=1', '-D_NATIVE_OBJC_EXCEPTIONS',
  '-fno-strict-aliasing', '-fexceptions', '-fobjc-exceptions', '-pthread', '-Wno-import',
  '-fconstant-string-class=NSConstantString', '-I/usr/include/GNUstep',
];
const baseLibs = ['-shared-libgcc', '-rdynamic', '-lgnustep-base', '-lobjc', '-lm'];

/** @type {import('@sentinel/core').PackOptions} */
export default {
  id: 'objective-c',
  displayName: 'Objective-C (GCC, GNUstep)',
  version: 'GCC 12 (GNUstep Base 1.28)',
  aliases: ['objc', 'gobjc'],
  sourceFile: 'main.m',
  // GCC's Objective-C front end (gobjc-12's cc1obj) with GNU's runtime (libobjc) and GNUstep's
  // Foundation (libgnustep-base). -std=gnu17: C17 with GNU extensions as the C pack's (GCC's
  // Objective-C otherwise stays at gnu89: no declaration in a for loop); -O2: what judges use.
  // Libraries after the sources. support/passwd.m gives the sandbox's uid a user entry (the sandbox
  // has no /etc/passwd), or GNUstep's NSUserName() raises "Unable to determine current user name"
  // from NSLog, NSFileHandle and the uncaught-exception handler.
  compile: ['/usr/bin/gcc', '-x', 'objective-c', '-std=gnu17', '-O2', ...objcFlags, '-o', 'main', 'main.m', `${support}/passwd.m`, ...baseLibs],
  // What a request may add (each a whole option): optimization, C standard, warnings, macros. Nothing that
  // names a file, a plugin or an output (-o, -include, -B, -fplugin, @file) is allowed.
  compilerOptions: ['-O[0-3sg]', '-std=(c|gnu)(99|11|17|2x)', '-W[a-z][a-z0-9=+-]*', '-w', '-D[A-Za-z_][A-Za-z0-9_]*(=[A-Za-z0-9_.+-]*)?', '-g'],
  // A compile that exits 0 without leaving this is a COMPILATION_ERROR (no run could start).
  artifacts: ['main'],
  run: ['./main'],
  env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8' },
  readOnlyPaths: [support],
  // Judge0 CE's "Objective-C" is 79. Piston has no Objective-C.
  peers: { judge0: { id: 79 } },
  // gobjc: the compiler; libgnustep-base-dev: Foundation's headers and library (it brings
  // libobjc-12-dev, the runtime's headers); gnustep-base-runtime: the library's data (character
  // sets, time zones, string tables) it reads at run time.
  debianPackages: ['gobjc', 'libgnustep-base-dev', 'gnustep-base-runtime'],
};
