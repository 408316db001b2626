// @ts-check
/** @type {import('@sentinel/core').PackOptions} */
export default {
  id: 'zsh',
  displayName: 'Zsh',
  version: '5.9',
  aliases: ['z-shell'],
  sourceFile: 'main.sh',
  // -f (NO_RCS): no startup files besides /etc/zsh/zshenv, which the sandbox does not have: a
  // script runs the same here as anywhere. The script is an argument, so it needs no execute bit.
  run: ['/usr/bin/zsh', '-f', 'main.sh'],
  env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8' },
  // No peers: neither Piston nor Judge0 CE has zsh.
  // coreutils (cat, sort, head, ...) is Essential on Debian; listed because scripts rely on it.
  debianPackages: ['zsh', 'coreutils'],
};
