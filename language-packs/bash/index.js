// @ts-check
/** @type {import('@sentinel/core').PackOptions} */
export default {
  id: 'bash',
  displayName: 'Bash',
  version: '5.2',
  aliases: ['sh', 'shell'],
  sourceFile: 'main.sh',
  // The script is an argument, not executed itself: it needs no execute bit and its #! line is
  // ignored. /usr/bin/bash, like the other packs' /usr paths (/bin is a link to usr/bin on Debian).
  run: ['/usr/bin/bash', 'main.sh'],
  env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8' },
  // coreutils (cat, sort, head, ...) is Essential on Debian; listed because scripts rely on it.
  debianPackages: ['bash', 'coreutils'],
};
