// @ts-check
/** @type {import('@sentinel/core').PackOptions} */
export default {
  id: 'scheme',
  displayName: 'Scheme (GNU Guile)',
  version: '3.0.8',
  aliases: ['guile', 'scm'],
  sourceFile: 'main.scm',
  // Guile rather than Chez Scheme: hello world costs 20-40 ms of CPU against Chez's 200 ms (Chez
  // loads its boot files, compiler included, on every start). --no-auto-compile: run the script
  // in Guile's evaluator instead of compiling it to a .go file in ~/.cache first, which would
  // cost a compile on every test run (each run's /tmp is fresh) and needs a HOME. The script is
  // an argument, so a request's args are in (command-line); an uncaught error prints a backtrace
  // and exits with status 1.
  run: ['/usr/bin/guile-3.0', '--no-auto-compile', 'main.scm'],
  // GUILE_LOAD_PATH and friends are never set (the environment is exactly this). LANG=C.UTF-8:
  // ports read and write UTF-8.
  env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8' },
  // Neither Piston nor Judge0 CE has Scheme, so no peer names.
  debianPackages: ['guile-3.0'],
};
