// @ts-check
/** @type {import('@sentinel/core').PackOptions} */
export default {
  id: 'javascript',
  displayName: 'JavaScript (Node.js)',
  version: '20',
  aliases: ['js', 'node', 'nodejs'],
  sourceFile: 'main.js',
  // main.js is a CommonJS script, so require('fs') and readFileSync(0) work as users expect.
  run: ['/usr/bin/node', 'main.js'],
  env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8' },
  debianPackages: ['nodejs'],
};
