// @ts-check
/** @type {import('@sentinel/core').PackOptions} */
export default {
  id: 'basic',
  displayName: 'BASIC (yabasic)',
  version: '2.90.3',
  aliases: ['yabasic', 'bas'],
  sourceFile: 'main.bas',
  // yabasic runs the file as a script. Read input with `input "" n` (an empty prompt: plain
  // `input n` prints "?") or `line input "" l$`; an error stops it with exit status 1. Its
  // graphics window needs an X display, which the sandbox has not: text programs only.
  run: ['/usr/bin/yabasic', 'main.bas'],
  env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8' },
  // No peers: Judge0 CE's BASIC (47) and Piston's freebasic are FreeBASIC, another dialect.
  debianPackages: ['yabasic'],
};
