// @ts-check
/**
 * Flags for the Erlang VM (BEAM) under Elixir, through ELIXIR_ERL_OPTIONS (the elixir script
 * puts them on erl's command line). By default the VM starts a scheduler and a dirty CPU scheduler
 * per core plus 10 dirty I/O schedulers: on a big host that passes the sandbox's 64 processes and
 * threads, and idle schedulers spin (busy-wait), which counts as CPU time. With these the VM runs
 * 9 threads whatever the host.
 */
const VM_FLAGS = [
  '+S 1:1', // one scheduler (Elixir processes still run concurrently, on one core)
  '+SDcpu 1:1', // one dirty CPU scheduler
  '+SDio 1', // one dirty I/O scheduler
  '+sbwt none +sbwtdcpu none +sbwtdio none', // schedulers sleep at once instead of spinning
].join(' ');

/** @type {import('@sentinel/core').PackOptions} */
export default {
  id: 'elixir',
  displayName: 'Elixir',
  version: 'Elixir 1.14 (Erlang/OTP 25)',
  aliases: ['ex', 'exs'],
  sourceFile: 'main.exs',
  // main.exs is a script: `elixir` compiles it in memory and runs it top to bottom (no compile step,
  // nothing written to the job directory), with the request's args in System.argv(). It exits 0
  // when the script ends, N on System.halt(N), and 1 (the error on stderr) on an uncaught error.
  // /usr/bin/elixir is a shell script that execs erl from PATH with Elixir's code paths.
  run: ['/usr/bin/elixir', 'main.exs'],
  // The JIT of OTP 25 on x86_64 keeps its machine code in memfd files, one per block, sized with
  // ftruncate: 8 MiB first, then doubling (16, 32, at most 64 MiB). RLIMIT_FSIZE applies to them,
  // and Elixir's hello world already needs the 16 MiB block: under the default 10 MiB per-file
  // limit the VM dies of SIGXFSZ before the script runs. 64 MiB (the operator maximum) covers the
  // largest block. Files a program writes are still capped by the 64 MiB /tmp tmpfs, and the memfd
  // pages count as memory.
  limits: { fileSizeKb: 65536 },
  env: {
    PATH: '/usr/local/bin:/usr/bin:/bin',
    LANG: 'C.UTF-8',
    ELIXIR_ERL_OPTIONS: VM_FLAGS,
    // No erl_crash.dump: the job directory is read-only in test runs and a dump takes time.
    ERL_CRASH_DUMP_SECONDS: '0',
  },
  // elixir: the compiler and standard library; it depends on erlang-base (the VM) and the few OTP
  // applications Elixir needs (crypto, inets, parsetools, public-key, tools).
  // Without a cgroup (rlimits mode), RLIMIT_DATA rather than RLIMIT_AS backs the memory limit:
  // the BEAM reserves far more address space than it uses (its allocators' carriers).
  memoryRlimit: 'data',
  // Its names in the Piston and Judge0 compatible APIs (Judge0 CE's seed id).
  peers: { piston: { language: 'elixir', aliases: ['exs'], version: '1.14.0' }, judge0: { id: 57 } },
  debianPackages: ['elixir'],
};
