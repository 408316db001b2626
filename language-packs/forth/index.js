// @ts-check
/** @type {import('@sentinel/core').PackOptions} */
export default {
  id: 'forth',
  displayName: 'Forth (Gforth)',
  version: '0.7.3',
  aliases: ['gforth'],
  sourceFile: 'main.fs',
  // Gforth loads main.fs, then runs `bye`: without it, a program that does not end in `bye` would
  // drop into the interactive interpreter, which would read the test's input as Forth. A program
  // that ends in `bye` itself never reaches it. An uncaught exception (a throw, division by zero,
  // an undefined word) prints the error and a backtrace on stderr and exits with status 1.
  run: ['/usr/bin/gforth', 'main.fs', '-e', 'bye'],
  env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8' },
  // Its names in the Piston compatible API (Piston's forth package is Gforth 0.7.3). Judge0 CE has
  // no Forth.
  peers: { piston: { language: 'forth', aliases: ['gforth'], version: '0.7.3' } },
  debianPackages: ['gforth'],
};
