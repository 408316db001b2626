// @ts-check
/** @type {import('@sentinel/core').PackOptions} */
export default {
  id: 'common-lisp',
  displayName: 'Common Lisp (SBCL)',
  version: '2.2.9',
  aliases: ['lisp', 'cl', 'sbcl'],
  sourceFile: 'main.lisp',
  // SBCL by its Debian path, loading the file as a script, as Piston and Judge0 run it: --script
  // implies --no-sysinit --no-userinit --disable-debugger, so an unhandled error prints its
  // backtrace and exits 1 (RUNTIME_ERROR), and each top-level form is compiled to native code as
  // it is loaded. Runtime options first: --dynamic-space-size {memoryMb}MB: the heap SBCL reserves
  // is the run's memory limit, not Debian's default 1 GiB (a mapping larger than the whole limit
  // is refused where no cgroup bounds the run); --control-stack-size 64MB: deep recursion, as the
  // JVM packs' -Xss64m (only what is touched counts). A request's args follow the file
  // (sb-ext:*posix-argv*).
  run: ['/usr/bin/sbcl', '--dynamic-space-size', '{memoryMb}MB', '--control-stack-size', '64MB', '--script', 'main.lisp'],
  env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8' },
  // Piston's "lisp" (aliases "cl", "sbcl", "commonlisp"; "lisp" itself is its name); Judge0 CE's
  // Common Lisp (SBCL) is id 55.
  peers: { piston: { language: 'lisp', aliases: ['cl', 'sbcl', 'commonlisp'], version: '2.2.9' }, judge0: { id: 55 } },
  debianPackages: ['sbcl'],
};
