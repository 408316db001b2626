// @ts-check
/** @type {import('@sentinel/core').PackOptions} */
export default {
  id: 'octave',
  displayName: 'GNU Octave',
  version: '7.3.0',
  aliases: ['octave-cli'],
  // A script file (not a function file): its statements run in order.
  sourceFile: 'main.m',
  // octave-cli, the build without the Qt GUI (no GUI libraries loaded: a faster start than
  // `octave --no-gui`), running the file as a script: --no-window-system: no X display is looked
  // for; --norc: neither the site's nor a user's startup files; --no-history: no history file;
  // --no-line-editing: no readline on stdin; --quiet: no banner. A request's args follow the file
  // (argv()). An uncaught error() ends it with exit status 1 (RUNTIME_ERROR).
  run: ['/usr/bin/octave-cli', '--no-window-system', '--norc', '--no-history', '--no-line-editing', '--quiet', 'main.m'],
  // HOME: where Octave looks for per-user files, in the writable /tmp. OpenBLAS and OpenMP start a
  // thread per host CPU unless told otherwise (threads count against the processes limit).
  env: {
    PATH: '/usr/local/bin:/usr/bin:/bin',
    LANG: 'C.UTF-8',
    HOME: '/tmp',
    OPENBLAS_NUM_THREADS: '1',
    OMP_NUM_THREADS: '1',
  },
  // Piston's "octave" (aliases "matlab", "m"); Judge0 CE's Octave is id 66.
  peers: { piston: { language: 'octave', aliases: ['matlab', 'm'], version: '7.3.0' }, judge0: { id: 66 } },
  // octave brings octave-cli and the interpreter's libraries (about 300 MB with its dependencies).
  debianPackages: ['octave'],
};
