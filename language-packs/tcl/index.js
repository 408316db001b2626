// @ts-check
/** @type {import('@sentinel/core').PackOptions} */
export default {
  id: 'tcl',
  displayName: 'Tcl',
  version: '8.6.13',
  aliases: ['tclsh'],
  sourceFile: 'main.tcl',
  // The versioned shell (/usr/bin/tclsh is an alternatives link that may point at another Tcl).
  // The script is an argument: its #! line is ignored, a request's args land in $argv, and an
  // uncaught error prints its stack trace on stderr and exits with status 1.
  run: ['/usr/bin/tclsh8.6', 'main.tcl'],
  // LANG=C.UTF-8: Tcl takes its system encoding (stdin, stdout, file names) from the locale.
  env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8' },
  // Neither Piston nor Judge0 CE has Tcl, so no peer names.
  debianPackages: ['tcl8.6'],
};
