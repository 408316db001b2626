// @ts-check
/** @type {import('@sentinel/core').PackOptions} */
export default {
  id: 'python',
  displayName: 'Python',
  version: '3.11',
  aliases: ['py', 'python3'],
  sourceFile: 'main.py',
  // -I: isolated mode (no user site, no PYTHON* variables); -B: write no .pyc files.
  run: ['/usr/bin/python3', '-I', '-B', 'main.py'],
  env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8', PYTHONIOENCODING: 'utf-8' },
  debianPackages: ['python3'],
};
