// @ts-check
/** @type {import('@sentinel/core').PackOptions} */
export default {
  id: 'emacs-lisp',
  displayName: 'Emacs Lisp',
  version: '28.2',
  aliases: ['elisp', 'emacs', 'el'],
  sourceFile: 'main.el',
  // emacs-nox's own binary (/usr/bin/emacs is an alternatives link). --script: batch mode (no
  // terminal, no frame), load main.el, exit; -Q: no init file, site-start or site-lisp, so the run
  // is the same everywhere and needs no HOME. princ writes to stdout, message to stderr,
  // read-from-minibuffer reads a line of stdin; an uncaught error prints the Lisp backtrace on
  // stderr and exits with status 255.
  run: ['/usr/bin/emacs-nox', '-Q', '--script', 'main.el'],
  env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8' },
  // Its names in the Piston compatible API (Piston's own language name and aliases). Judge0 CE has
  // no Emacs Lisp.
  peers: { piston: { language: 'emacs', aliases: ['el', 'elisp'], version: '28.2.0' } },
  debianPackages: ['emacs-nox'],
};
