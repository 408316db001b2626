// @ts-check
/** @type {import('@sentinel/core').PackOptions} */
export default {
  id: 'haskell',
  displayName: 'Haskell (GHC)',
  version: 'GHC 9.0.2',
  aliases: ['hs', 'ghc'],
  sourceFile: 'main.hs',
  // +RTS -M{memoryMb}m -RTS: caps GHC's own heap at the compile step's memory limit (its GC
  // compacts near the cap rather than being killed). -O: optimize, what judges use. -rtsopts: the
  // program accepts the +RTS flags of `run` below. -v0: no "Compiling Main" / "Linking" chatter
  // (errors and warnings are still printed). -package-env -: ignore GHC environment files (a
  // request's extra file could otherwise be one). -outputdir /tmp/ghc: .hi and .o files go to
  // the sandbox's /tmp, so the job directory only gains the binary. -o main: the binary.
  // GHC finds a request's extra modules (import Util -> Util.hs) in the job directory by itself.
  compile: ['/usr/bin/ghc', '+RTS', '-M{memoryMb}m', '-RTS', '-O', '-rtsopts', '-v0', '-package-env', '-', '-outputdir', '/tmp/ghc', '-o', 'main', 'main.hs'],
  // What a request may add (each a whole option): optimization level, warnings, language
  // extensions (a LANGUAGE pragma in the source does the same). Nothing that names a file, a
  // package database, a plugin, a pre-processor or linker options.
  compilerOptions: ['-O[0-2]', '-W[a-z][a-z0-9=-]*', '-w', '-X[A-Z][A-Za-z0-9]*'],
  // A compile that exits 0 without leaving this is a COMPILATION_ERROR (no run could start).
  artifacts: ['main'],
  // +RTS -M{memoryMb}m: the GHC runtime sizes nothing from the sandbox, so its heap is capped at
  // the run's memory limit (near it the GC compacts the old generation instead of copying).
  // --RTS: the end of RTS options; the request's args that follow reach the program verbatim,
  // even one that looks like +RTS.
  run: ['./main', '+RTS', '-M{memoryMb}m', '--RTS'],
  env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8' },
  // GHC: the CPU limit (15 s, already the operator maximum) bounds the compile; a large program
  // with -O takes several seconds of CPU, and on a busy machine the wall clock runs well ahead of
  // it, so the compile gets the maximum wall time too.
  compileLimits: { wallMs: 20_000 },
  // Debian's global package database: /usr/lib/ghc/package.conf.d is a link to this directory
  // (kept under /var so ghc-pkg can register libraries); without it ghc cannot find `base`.
  readOnlyPaths: ['/var/lib/ghc/package.conf.d'],
  // Its names in the Piston and Judge0 compatible APIs (Judge0 CE's seed id).
  peers: { piston: { language: 'haskell', aliases: ['hs'], version: '9.0.2' }, judge0: { id: 61 } },
  debianPackages: ['ghc'],
};
