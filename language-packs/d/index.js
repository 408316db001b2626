// @ts-check
/** @type {import('@sentinel/core').PackOptions} */
export default {
  id: 'd',
  displayName: 'D (GDC)',
  version: 'GDC 12.2 (D 2.100)',
  aliases: ['dlang', 'gdc'],
  sourceFile: 'main.d',
  // gdc-12: GCC's D compiler, pinned to the version the pack is tested with. -O2: what judges
  // usually use (bounds checks and contracts stay on; a request may add -frelease); -pipe:
  // compiler to assembler through a pipe, not a temp file; -o main: the binary. gdc links
  // druntime and Phobos (D's standard library) statically by default.
  compile: ['/usr/bin/gdc-12', '-O2', '-pipe', '-o', 'main', 'main.d'],
  // What a request may add (each a whole option): optimization, release mode, bounds checking,
  // version and debug identifiers, warnings, debug info. Nothing that names a file, an import
  // path, an output or a plugin (-o, -I, -J, -B, -fplugin, @file).
  compilerOptions: ['-O[0-3sg]', '-frelease', '-fno-bounds-check', '-fbounds-check=(on|safeonly|off)', '-fversion=[A-Za-z_][A-Za-z0-9_]*', '-fdebug', '-W[a-z][a-z0-9=+-]*', '-w', '-g'],
  // A compile that exits 0 without leaving this is a COMPILATION_ERROR (no run could start).
  artifacts: ['main'],
  // --DRT-gcopt=parallel:0: druntime's garbage collector otherwise starts one marking thread per
  // host CPU (minus one) at its first collection, which on a large host passes the sandbox's
  // processes-and-threads limit. druntime reads and removes --DRT- options from the command
  // line, so the program never sees it in its args.
  run: ['./main', '--DRT-gcopt=parallel:0'],
  env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8' },
  // Phobos is template-heavy and gdc compiles every instantiation: a 50-line program using
  // std.algorithm, std.container and readf takes about 6 s of CPU at -O2. The CPU limit (15 s,
  // already the operator maximum) bounds the compile; on a busy machine its wall clock runs well
  // ahead of its CPU time, so the compile gets the maximum wall time too.
  compileLimits: { wallMs: 20_000 },
  // Its names in the Piston and Judge0 compatible APIs (Judge0 CE's seed id).
  peers: { piston: { language: 'd', aliases: ['gdc'], version: '12.2.0' }, judge0: { id: 56 } },
  debianPackages: ['gdc-12'],
};
