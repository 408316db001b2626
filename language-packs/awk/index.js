// @ts-check
/** @type {import('@sentinel/core').PackOptions} */
export default {
  id: 'awk',
  displayName: 'AWK (GNU Awk)',
  version: '5.2.1',
  aliases: ['gawk'],
  sourceFile: 'main.awk',
  // GNU Awk by its own path (/usr/bin/awk is an alternatives link, mawk on many systems). -f reads
  // the program from main.awk and the test's input is stdin; a request's args come after it, where
  // awk takes them as input files or var=value assignments, as on a command line. Not --sandbox:
  // the sandbox already confines system() and file redirections, which programs may use on /tmp.
  run: ['/usr/bin/gawk', '-f', 'main.awk'],
  // AWKPATH and AWKLIBPATH are never set (the environment is exactly this), so @include finds only
  // the job's own files and gawk's bundled ones. LANG=C.UTF-8: length() and substr() count
  // characters, not bytes.
  env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8' },
  // Its name in the Piston compatible API: Piston's gawk package provides the language "awk" with
  // the alias "gawk". Judge0 CE has no AWK.
  peers: { piston: { language: 'awk', aliases: ['gawk'], version: '5.2.1' } },
  debianPackages: ['gawk'],
};
