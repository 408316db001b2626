// @ts-check
/** @type {import('@sentinel/core').PackOptions} */
export default {
  id: 'php',
  displayName: 'PHP',
  version: '8.2.36',
  sourceFile: 'main.php',
  run: [
    // The versioned binary itself: /usr/bin/php is an alternatives link.
    '/usr/bin/php8.2',
    // -n: no php.ini. Debian's lives in /etc/php, which the sandbox does not have (and need not):
    // the settings below are the whole configuration, the same on every host.
    '-n',
    // Notices, warnings and uncaught errors go to stderr, never into the judged stdout (without
    // a php.ini, PHP would print them on stdout).
    '-d', 'display_errors=stderr',
    // No PHP-level cap (128M without a php.ini): the sandbox's memory limit is the one that
    // counts, and running out of it is a MEMORY_LIMIT, not a fatal error.
    '-d', 'memory_limit=-1',
    // The shared extensions of php8.2-common that a stock PHP build has compiled in and that make
    // sense without a network: character classes, charset conversion, POSIX, the tokenizer.
    // (date, json, pcre, SPL, random, hash and the rest are built into Debian's binary.)
    '-d', 'extension=ctype',
    '-d', 'extension=iconv',
    '-d', 'extension=posix',
    '-d', 'extension=tokenizer',
    'main.php',
  ],
  env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8' },
  // php8.2-cli: /usr/bin/php8.2 (it depends on php8.2-common, which has the extensions above).
  // Its names in the Piston and Judge0 compatible APIs (Judge0 CE's seed id).
  peers: { piston: { language: 'php', version: '8.2.36' }, judge0: { id: 68 } },
  debianPackages: ['php8.2-cli'],
};
