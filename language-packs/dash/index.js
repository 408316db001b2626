// @ts-check
/** @type {import('@sentinel/core').PackOptions} */
export default {
  id: 'dash',
  displayName: 'dash (POSIX sh)',
  version: '0.5.12',
  aliases: ['posix-sh'],
  sourceFile: 'main.sh',
  // The script is an argument, so it needs no execute bit and its #! line is ignored. dash is
  // Debian's /bin/sh: a strict POSIX shell (no arrays, no [[ ]]), for scripts written for sh.
  run: ['/usr/bin/dash', 'main.sh'],
  env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8' },
  // Piston's dash (its alias "dash" is its own name, so none here); Judge0 CE has no dash.
  peers: { piston: { language: 'dash', version: '0.5.12' } },
  // coreutils (cat, wc, tr, ...) is Essential on Debian; listed because scripts rely on it.
  debianPackages: ['dash', 'coreutils'],
};
