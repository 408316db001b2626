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
  // Its names in the Piston and Judge0 compatible APIs (Judge0 CE's seed id).
  peers: { piston: { language: 'bash', aliases: ['sh'], version: '5.2.15' }, judge0: { id: 46 } },
  debianPackages: ['bash', 'coreutils'],
};
