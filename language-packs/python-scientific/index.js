// @ts-check
/** @type {import('@sentinel/core').PackOptions} */
export default {
  id: 'python-scientific',
  displayName: 'Python (numpy, scipy, pandas, sympy)',
  version: '3.11',
  aliases: ['python-sci', 'numpy', 'scipy'],
  sourceFile: 'main.py',
  // As the python pack: -E ignores PYTHON* variables, -s the user site directory, -B writes no
  // .pyc files (Debian's packages ship theirs); not -I, so a request's extra files import.
  run: ['/usr/bin/python3', '-E', '-s', '-B', 'main.py'],
  // OpenBLAS and OpenMP would start a thread per CPU, and threads count against the process limit:
  // one each. MPLCONFIGDIR-style caches are not needed (no matplotlib).
  env: {
    PATH: '/usr/local/bin:/usr/bin:/bin',
    LANG: 'C.UTF-8',
    PYTHONIOENCODING: 'utf-8',
    OPENBLAS_NUM_THREADS: '1',
    OMP_NUM_THREADS: '1',
    MKL_NUM_THREADS: '1',
  },
  // Importing scipy or pandas reads hundreds of modules: about 0.5 s of CPU, but several seconds
  // of wall time on a busy host. More wall time than the default 5 s, the CPU limit unchanged.
  limits: { wallMs: 10_000 },
  // No peers: Piston and Judge0 have no scientific Python of their own, and "python" is the python
  // pack's.
  debianPackages: ['python3', 'python3-numpy', 'python3-scipy', 'python3-pandas', 'python3-sympy'],
  // What programs may import beyond the standard library (Debian bookworm's versions).
  libraries: [
    { name: 'numpy', version: '1.24.2' },
    { name: 'scipy', version: '1.10.1' },
    { name: 'pandas', version: '1.5.3' },
    { name: 'sympy', version: '1.11.1' },
  ],
};
