// @ts-check
/** @type {import('@sentinel/core').PackOptions} */
export default {
  id: 'python',
  displayName: 'Python',
  version: '3.11',
  aliases: ['py', 'python3'],
  sourceFile: 'main.py',
  // -E: PYTHON* variables ignored; -s: no user site directory; -B: write no .pyc files. Not -I,
  // which would also drop the script's own directory from sys.path and so break imports of the
  // request's extra files (files: [{ name: "util.py", ... }]).
  run: ['/usr/bin/python3', '-E', '-s', '-B', 'main.py'],
  env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8', PYTHONIOENCODING: 'utf-8' },
  // Its names in the Piston and Judge0 compatible APIs (Judge0 CE's seed id).
  peers: { piston: { language: 'python', aliases: ['py', 'py3', 'python3', 'python3.11'], version: '3.11.2' }, judge0: { id: 71 } },
  debianPackages: ['python3'],
};
