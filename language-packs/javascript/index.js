// @ts-check
/** @type {import('@sentinel/core').PackOptions} */
export default {
  id: 'javascript',
  displayName: 'JavaScript (Node.js)',
  version: '20',
  aliases: ['js', 'node', 'nodejs'],
  sourceFile: 'main.js',
  // main.js is a CommonJS script, so require('fs') and readFileSync(0) work as users expect.
  // --max-old-space-size: V8 would size its heap from the host's RAM and collect too late for the
  // run's memory limit; told the limit, it collects in time (and a real excess is still a
  // MEMORY_LIMIT or V8's own out-of-memory error).
  run: ['/usr/bin/node', '--max-old-space-size={memoryMb}', 'main.js'],
  env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8' },
  // Without a cgroup (rlimits mode), RLIMIT_DATA rather than RLIMIT_AS backs the memory limit:
  // V8 reserves its code range and heap as address space far beyond what it uses.
  memoryRlimit: 'data',
  // Its names in the Piston and Judge0 compatible APIs (Judge0 CE's seed id).
  peers: { piston: { language: 'javascript', aliases: ['node-javascript', 'node-js', 'js'], version: '20.20.2' }, judge0: { id: 63 } },
  debianPackages: ['nodejs'],
};
