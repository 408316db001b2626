// @ts-check
/** @type {import('@sentinel/core').PackOptions} */
export default {
  id: 'raku',
  displayName: 'Raku',
  version: '2022.12',
  aliases: ['rakudo', 'perl6'],
  sourceFile: 'main.raku',
  // Rakudo on MoarVM by its Debian path (/usr/bin/raku is a link to it). The core setting comes
  // precompiled; the program is compiled in memory on every run. A request's args follow the file
  // (@*ARGS, and MAIN's parameters).
  run: ['/usr/bin/rakudo', 'main.raku'],
  // HOME: Rakudo's per-user module repository and precompilation store (~/.raku) land in the
  // writable /tmp rather than nowhere.
  env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8', HOME: '/tmp' },
  // Piston's "raku" (its other aliases; "raku" itself is its name); Judge0 CE has no Raku.
  peers: { piston: { language: 'raku', aliases: ['rakudo', 'perl6', 'p6', 'pl6'], version: '2022.12.0' } },
  debianPackages: ['rakudo'],
};
