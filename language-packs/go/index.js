// @ts-check
import { fileURLToPath } from 'node:url';

// The compile step's helper (see compile.sh): it adds `package main` to a main.go without a
// package line, refuses another package with a note, then runs the build. Bound read-only into the
// sandbox at its own path.
const compileScript = fileURLToPath(new URL('./compile.sh', import.meta.url));

/** @type {import('@sentinel/core').PackOptions} */
export default {
  id: 'go',
  displayName: 'Go',
  version: '1.19.8',
  aliases: ['golang'],
  sourceFile: 'main.go',
  // GOPATH mode (GO111MODULE=off below): `go build .` compiles every .go file of the job directory
  // as one package main, with no go.mod and no module download, so a request's extra .go files are
  // built along with main.go. -o main: the binary the test runs execute. No compilerOptions: the
  // request's options would be appended after the package argument, where `go build` reads them
  // as package names.
  // main.go may leave out its `package main` line (compile.sh adds it).
  compile: ['/usr/bin/sh', compileScript, '/usr/bin/go', 'build', '-o', 'main', '.'],
  // A compile that exits 0 without leaving this is a COMPILATION_ERROR (no run could start).
  artifacts: ['main'],
  run: ['./main'],
  readOnlyPaths: [compileScript],
  env: {
    PATH: '/usr/local/bin:/usr/bin:/bin',
    LANG: 'C.UTF-8',
    // Only the standard library: no modules, no proxy, no go.mod in the job directory.
    GO111MODULE: 'off',
    // Pure-Go build: no gcc needed; net and os/user use their pure-Go versions; static binary.
    CGO_ENABLED: '0',
    // Build cache and GOPATH in the sandbox's private /tmp (there is no HOME; the job directory
    // should hold only the program). Each compile starts with an empty cache; Debian's
    // precompiled standard library under /usr/lib/go-1.19/pkg keeps that fast (see README).
    GOCACHE: '/tmp/go-cache',
    GOPATH: '/tmp/go',
    // No $HOME/.config/go/env to read (there is no HOME).
    GOENV: 'off',
    // Go sizes its scheduler from the host's CPUs, not the sandbox's limits: on a large host it
    // could run a thread per core and pass the processes limit. Two is plenty for a judged
    // program (CPU time is summed over threads anyway) and for `go build`'s parallel jobs.
    GOMAXPROCS: '2',
    // Soft memory limit (Go 1.19+): the GC works harder as the process nears the step's memory
    // limit instead of letting the heap double past it (GOGC=100) and be killed.
    GOMEMLIMIT: '{memoryMb}MiB',
  },
  // Without a cgroup (rlimits mode), RLIMIT_DATA rather than RLIMIT_AS backs the memory limit:
  // the Go runtime reserves arenas as address space far beyond what it uses.
  memoryRlimit: 'data',
  // Its names in the Piston and Judge0 compatible APIs (Judge0 CE's seed id).
  peers: { piston: { language: 'go', aliases: ['golang'], version: '1.19.8' }, judge0: { id: 60 } },
  debianPackages: ['golang-go'],
};
