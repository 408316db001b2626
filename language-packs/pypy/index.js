// @ts-check
/** @type {import('@sentinel/core').PackOptions} */
export default {
  id: 'pypy',
  displayName: 'PyPy (Python 3.9)',
  version: '7.3.11',
  aliases: ['pypy3'],
  sourceFile: 'main.py',
  // Debian's pypy3 (a link to pypy3.9 in the same package, not an alternative). As the python
  // pack: -E ignores PYTHON* variables, -s the user site directory, -B writes no .pyc files; not
  // -I, which would drop the script's directory from sys.path and break imports of extra files.
  run: ['/usr/bin/pypy3', '-E', '-s', '-B', 'main.py'],
  env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8', PYTHONIOENCODING: 'utf-8' },
  // Neither Piston nor Judge0 CE has PyPy, so no peer names.
  debianPackages: ['pypy3'],
};
