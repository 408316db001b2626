// @ts-check
/** @type {import('@sentinel/core').PackOptions} */
export default {
  id: 'coffeescript',
  displayName: 'CoffeeScript (Node.js)',
  version: '2.7.0',
  aliases: ['coffee'],
  sourceFile: 'main.coffee',
  // Debian's coffee (a Node.js script) compiles every .coffee file of the job directory once, each
  // to a .js beside it, so the test runs start plain node (no compiler loaded per run) and
  // require('./util') finds a request's util.coffee as util.js. --map: main.js.map, so a runtime
  // error's stack names lines of main.coffee (see run). A syntax error is a COMPILATION_ERROR.
  // No compiler options: coffee takes whatever follows the path as the script's arguments.
  compile: ['/usr/bin/coffee', '--compile', '--map', '.'],
  // A compile that exits 0 without leaving this is a COMPILATION_ERROR (no run could start).
  artifacts: ['main.js'],
  // As the typescript pack: --enable-source-maps for stack traces in main.coffee;
  // --max-old-space-size={memoryMb}: V8 cannot see the sandbox's limit and would collect too late.
  run: ['/usr/bin/node', '--enable-source-maps', '--max-old-space-size={memoryMb}', 'main.js'],
  env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8' },
  // Without a cgroup (rlimits mode), RLIMIT_DATA rather than RLIMIT_AS backs the memory limit:
  // V8 reserves its code range and heap as address space far beyond what it uses.
  memoryRlimit: 'data',
  // Its names in the Piston compatible API (Piston's own language name and alias). Judge0 CE has
  // no CoffeeScript.
  peers: { piston: { language: 'coffeescript', aliases: ['coffee'], version: '2.7.0' } },
  // coffeescript only depends on some nodejs; listed so the run's node is there too.
  debianPackages: ['nodejs', 'coffeescript'],
};
