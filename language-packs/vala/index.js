// @ts-check
/** @type {import('@sentinel/core').PackOptions} */
export default {
  id: 'vala',
  displayName: 'Vala',
  version: '0.56.3',
  aliases: ['valac'],
  sourceFile: 'main.vala',
  // valac translates to C against GLib and GObject and has cc (gcc) build ./main, with the flags
  // pkg-config gives for glib-2.0 and gobject-2.0. -X passes an option to gcc: -O2, what judges
  // use (valac passes no optimization of its own), and -include glib.h, as valac 0.56 writes
  // GLib's TRUE for `while (true)` without including glib.h when nothing else needs it.
  compile: ['/usr/bin/valac-0.56', '-X', '-O2', '-X', '-include', '-X', 'glib.h', '-o', 'main', 'main.vala'],
  // What a request may add (each a whole option): another GLib binding it can link (GIO, POSIX,
  // Linux), C warnings off, experimental or non-null checks. Nothing that names a file, a
  // directory or a C compiler option (-X, -o, --vapidir, --cc, -d) is allowed.
  compilerOptions: ['--pkg=(gio-2\\.0|gio-unix-2\\.0|gmodule-2\\.0|posix|linux)', '--disable-warnings', '--enable-experimental', '--enable-experimental-non-null', '--enable-checking'],
  // A compile that exits 0 without leaving this is a COMPILATION_ERROR (no run could start).
  artifacts: ['main'],
  run: ['./main'],
  env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8' },
  // Neither Piston nor Judge0 CE has Vala.
  // valac brings the compiler, its bindings (vapi) and libglib2.0-dev with pkg-config; gcc is the C
  // compiler valac runs as cc (/etc/alternatives/cc).
  debianPackages: ['valac', 'gcc'],
};
