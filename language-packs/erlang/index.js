// @ts-check
import { fileURLToPath } from 'node:url';

// The compile step's helper (see compile.sh): it accepts an escript (no -module), a module named
// main (main/1 or main/0) and a module of another name, then runs erlc. Bound read-only into the
// sandbox at its own path.
const compileScript = fileURLToPath(new URL('./compile.sh', import.meta.url));

/**
 * Flags for the Erlang VM (BEAM), given through ERL_FLAGS so that erlc's VM (compile) and
 * escript's (run) both get them. By default the VM starts a scheduler and a dirty CPU scheduler
 * per core plus 10 dirty I/O schedulers: on a big host that passes the sandbox's 64 processes and
 * threads, and idle schedulers spin (busy-wait), which counts as CPU time. With these the VM runs
 * 9 threads whatever the host.
 */
const VM_FLAGS = [
  '+S 1:1', // one scheduler (Erlang processes still run concurrently, on one core)
  '+SDcpu 1:1', // one dirty CPU scheduler
  '+SDio 1', // one dirty I/O scheduler
  '+sbwt none +sbwtdcpu none +sbwtdio none', // schedulers sleep at once instead of spinning
].join(' ');

/** @type {import('@sentinel/core').PackOptions} */
export default {
  id: 'erlang',
  displayName: 'Erlang',
  version: 'Erlang/OTP 25',
  aliases: ['erl'],
  sourceFile: 'main.erl',
  // compile.sh adds what an escript leaves out, saves a module of another name under its own name
  // (erlc refuses a module whose name differs from its file), then runs erlc on it; the compile
  // leaves main.beam in the job directory (see compile.sh for its forms).
  compile: ['/usr/bin/sh', compileScript, '/usr/bin/erlc'],
  // What a request may add (each a whole option): macros, warning level, warnings as errors, and
  // compiler options that only add or silence warnings. Nothing that names a file or a directory
  // (-o, -I, -pa, -pz, -M*) is allowed.
  compilerOptions: ['-D[A-Za-z_][A-Za-z0-9_]*(=[A-Za-z0-9_.+-]*)?', '-W[0-9]?', '-Werror', '\\+(no)?warn_[a-z_]+'],
  // A compile that exits 0 without leaving this is a COMPILATION_ERROR (no run could start).
  artifacts: ['main.beam'],
  // escript runs the compiled module: it calls main:main(Args) with the request's args as strings
  // and exits 0 when main/1 returns, with N on halt(N), and with 127 (and the error on stderr) on
  // an uncaught exception. Faster to start than erl -noshell -s ... -s init stop (about 0.2 s
  // against 0.3 s, and init:stop/0's orderly shutdown takes a second more), and no distribution:
  // no node name, so epmd is never started.
  run: ['/usr/bin/escript', 'main.beam'],
  // The JIT of OTP 25 on x86_64 keeps its machine code in memfd files, one per block, sized with
  // ftruncate: 8 MiB first, then doubling (16, 32, at most 64 MiB). RLIMIT_FSIZE applies to them,
  // so under the default 10 MiB per-file limit a program that loads more code than the first
  // block holds (Elixir's hello world already does) dies of SIGXFSZ. 64 MiB (the operator
  // maximum) covers the largest block. Files a program writes are still capped by the 64 MiB /tmp
  // tmpfs, and the memfd pages count as memory.
  limits: { fileSizeKb: 65536 },
  readOnlyPaths: [compileScript],
  env: {
    PATH: '/usr/local/bin:/usr/bin:/bin',
    LANG: 'C.UTF-8',
    ERL_FLAGS: VM_FLAGS,
    // No erl_crash.dump: the job directory is read-only in test runs and a dump takes time.
    ERL_CRASH_DUMP_SECONDS: '0',
  },
  // erlang-base: erl, erlc, escript, the VM and the kernel, stdlib and compiler applications.
  // Not erlang-nox, which adds every server-side OTP application (ssl, mnesia, ssh, ...).
  // Without a cgroup (rlimits mode), RLIMIT_DATA rather than RLIMIT_AS backs the memory limit:
  // the BEAM reserves far more address space than it uses (its allocators' carriers).
  memoryRlimit: 'data',
  // Its names in the Piston and Judge0 compatible APIs (Judge0 CE's seed id).
  peers: { piston: { language: 'erlang', aliases: ['erl', 'escript'], version: '25.2.3' }, judge0: { id: 58 } },
  debianPackages: ['erlang-base'],
};
