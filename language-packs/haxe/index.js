// @ts-check
/** @type {import('@sentinel/core').PackOptions} */
export default {
  id: 'haxe',
  displayName: 'Haxe (interpreter)',
  version: '4.2.5',
  aliases: ['hx'],
  // The program is `class Main` with `static function main()`, in the default package (the module
  // name is the file name).
  sourceFile: 'Main.hx',
  // Type-checks the program for Haxe's own interpreter (the eval target) and writes nothing
  // (--no-output), so a type or syntax error is a COMPILATION_ERROR rather than a failed run. It
  // leaves no file to name in `artifacts`. Standard library only: no -lib (haxelib is not there).
  compile: ['/usr/bin/haxe', '--main', 'Main', '--interp', '--no-output'],
  // No compiler options: they would reach only this type-check, never the run, which compiles the
  // program again.
  // Haxe's interpreter, eval (`--run Main` is `--main Main --interp` with the rest of the line as
  // Sys.args()): the program is type-checked again and interpreted, about 0.2 s for hello world.
  // Eval keeps Haxe's 32-bit Int semantics, unlike the neko target (31-bit).
  run: ['/usr/bin/haxe', '--run', 'Main'],
  // HOME: where haxe looks for its haxelib configuration, in the writable /tmp.
  env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8', HOME: '/tmp' },
  // Neither Piston nor Judge0 CE has Haxe.
  debianPackages: ['haxe'],
};
