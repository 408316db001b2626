// @ts-check
/** @type {import('@sentinel/core').PackOptions} */
export default {
  id: 'rust',
  displayName: 'Rust',
  version: '1.63.0',
  aliases: ['rs'],
  sourceFile: 'main.rs',
  // Debian's rustc by its full path (never a rustup shim from ~/.cargo/bin). --edition 2021: the
  // edition `cargo new` uses (rustc alone defaults to 2015); -O: opt-level 2, what judges use;
  // -o main: the binary the test runs execute. rustc links through gcc (cc) and writes its
  // temporary files to /tmp. Only the standard library is available (no crates).
  compile: ['/usr/bin/rustc', '--edition', '2021', '-O', '-o', 'main', 'main.rs'],
  // What a request may add (each a whole option): lint levels (-Awarnings, -Dwarnings,
  // -Wunused...), runtime overflow checks and debug assertions on or off, and the number of
  // codegen units. Nothing that names a file, a path, a linker or a plugin; no second -O or
  // opt-level (rustc rejects -O together with -C opt-level); not the lint name `help` (-Whelp,
  // -Ahelp, -Dhelp print the lint list and exit 0 without compiling).
  compilerOptions: ['-[AWD](?!help$)[a-z][a-z0-9_-]*', '-C(overflow-checks|debug-assertions)=(on|off|yes|no)', '-Ccodegen-units=[1-9][0-9]?'],
  // A compile that exits 0 without leaving this is a COMPILATION_ERROR (no run could start).
  artifacts: ['main'],
  run: ['./main'],
  env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8' },
  // Its names in the Piston and Judge0 compatible APIs (Judge0 CE's seed id).
  peers: { piston: { language: 'rust', aliases: ['rs'], version: '1.63.0' }, judge0: { id: 73 } },
  debianPackages: ['rustc'],
};
