// @ts-check
/** @type {import('@sentinel/core').PackOptions} */
export default {
  id: 'racket',
  displayName: 'Racket',
  version: '8.7',
  aliases: ['rkt'],
  sourceFile: 'main.rkt',
  // `raco make` (the raco collection run by racket itself, not Debian's sh launcher) expands and
  // compiles the module once per job into compiled/main_rkt.zo, so a syntax error or an unbound
  // identifier is a COMPILATION_ERROR, and each test run loads machine code instead of expanding the
  // program again: the expander's compile-time instantiation of the module's language is paid once
  // (a `#lang racket` double-it run takes about 0.9 s of CPU here rather than 1.7 s).
  compile: ['/usr/bin/racket', '-l-', 'raco', 'make', 'main.rkt'],
  // A compile that exits 0 without leaving this is a COMPILATION_ERROR.
  artifacts: ['compiled/main_rkt.zo'],
  // Racket CS by its Debian path, requiring the module; it finds compiled/main_rkt.zo beside the
  // source. The `#lang` line decides what is loaded at start: `#lang racket/base` loads a fraction
  // of what the full `#lang racket` does (about half the CPU: see the README), so programs that can
  // should use racket/base. The collections come precompiled to machine code (Debian's
  // /usr/lib/racket/compiled). A `main` submodule runs after the module's body; a request's args
  // follow the file (current-command-line-arguments).
  run: ['/usr/bin/racket', 'main.rkt'],
  // raco make of a `#lang racket` program takes about 2 s of CPU (the expander instantiates the
  // whole language), and on a busy machine its wall time nears the compile default of 15 s: 20 s.
  compileLimits: { wallMs: 20_000 },
  // PLTUSERHOME: Racket's per-user directories (add-on collections, preferences) are looked up under
  // the writable /tmp, not a home directory the sandbox does not have.
  env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8', PLTUSERHOME: '/tmp' },
  // Debian's installation configuration (config.rktd: where the collections, packages and their
  // precompiled .zo files are). Without it Racket does not look in /usr/lib/racket/compiled and
  // compiles every collection it loads from source, on every run: 15-20 s for hello world rather
  // than a fraction of a second. Configuration only.
  readOnlyPaths: ['/etc/racket'],
  // Piston's "racket" (aliases "rkt"); Judge0 CE has no Racket.
  peers: { piston: { language: 'racket', aliases: ['rkt'], version: '8.7.0' } },
  // racket brings the Racket CS runtime and the main distribution's collections (about 400 MB).
  debianPackages: ['racket'],
};
