// @ts-check
/** @type {import('@sentinel/core').PackOptions} */
export default {
  id: 'prolog',
  displayName: 'Prolog (SWI-Prolog)',
  version: '9.0.4',
  aliases: ['swipl', 'swi-prolog'],
  sourceFile: 'main.pl',
  // SWI-Prolog, not GNU Prolog: a gplc-compiled GNU Prolog program whose initialization goal
  // throws prints the error term on stdout and exits with status 0 (a crash would look like a
  // wrong answer). Loads main.pl (running its `:- initialization(main).`), then -g true (no
  // banner) and -t halt, as Piston runs it. --on-error=status: halt exits with status 1 when an
  // error was printed (an uncaught exception, a syntax error), so those are RUNTIME_ERRORs;
  // warnings (singleton variables, a failed initialization goal) keep status 0.
  run: ['/usr/bin/swipl', '--on-error=status', '-g', 'true', '-t', 'halt', 'main.pl'],
  env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8' },
  // Its names in the Piston and Judge0 compatible APIs: Piston's prolog is SWI-Prolog (8.2.4);
  // Judge0 CE's 69 is GNU Prolog, whose ISO programs run here unchanged.
  peers: {
    piston: { language: 'prolog', aliases: ['plg'], version: '9.0.4' },
    judge0: { id: 69, name: 'Prolog (SWI-Prolog 9.0.4)' },
  },
  // swi-prolog-core-packages holds the foreign parts of the core libraries (readutil's
  // read_line_to_string/2 among them); without it loading them prints errors.
  debianPackages: ['swi-prolog-core', 'swi-prolog-core-packages'],
};
