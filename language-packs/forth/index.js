// @ts-check
/** @type {import('@sentinel/core').PackOptions} */
export default {
  id: 'forth',
  displayName: 'Forth (Gforth)',
  version: '0.7.3',
  aliases: ['gforth'],
  sourceFile: 'main.fs',
  // Gforth evaluates one command line: include main.fs, then bye. Without the bye, a program that
  // does not end in `bye` would drop into the interactive interpreter, which would read the test's
  // input as Forth. One -e string, not `main.fs -e bye`: a request's args come after it, so
  // next-arg and argv give the program its args, not "-e bye". An uncaught exception (a throw,
  // division by zero, an undefined word) prints the error and a backtrace on stderr and exits
  // with status 1.
  run: ['/usr/bin/gforth', '-e', 'include main.fs bye'],
  env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8' },
  // Its names in the Piston compatible API (Piston's forth package is Gforth 0.7.3). Judge0 CE has
  // no Forth.
  peers: { piston: { language: 'forth', aliases: ['gforth'], version: '0.7.3' } },
  debianPackages: ['gforth'],
};
