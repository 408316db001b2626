// @ts-check

// JVM flags, as in the java and kotlin packs: -XX:+UseSerialGC: one GC thread (processes and
// threads count against the limit); -XX:ActiveProcessorCount=1: thread pools for one CPU;
// -XX:-UsePerfData: no hsperfdata file in /tmp; -XX:MaxRAM={memoryMb}m -XX:MaxRAMPercentage=70: the
// sandbox has no /sys, so the heap is 70% of the run's memory limit, not sized from the host's RAM.
// -XX:TieredStopAtLevel=1 (C1 only): each run starts Jython, which compiles the program to JVM
// bytecode; C2 never pays off for that, and C1 only takes about a third less CPU for hello world.
// The JDK's own CDS archive (-Xshare:auto, the default) maps the JDK's classes.
const jvm = [
  '-XX:+UseSerialGC', '-XX:ActiveProcessorCount=1', '-XX:-UsePerfData',
  '-XX:MaxRAM={memoryMb}m', '-XX:MaxRAMPercentage=70', '-XX:TieredStopAtLevel=1',
];

/** @type {import('@sentinel/core').PackOptions} */
export default {
  id: 'python2',
  displayName: 'Python 2 (Jython)',
  version: '2.7.3',
  aliases: ['py2', 'jython'],
  sourceFile: 'main.py',
  // Jython's jar on plain java (what Debian's jython script runs, minus the shell and its JLine
  // console); its standard library is precompiled inside the jar. -Dpython.home: sys.prefix, as the
  // script sets it; -Dpython.cachedir.skip=true: no scan of the class path's jars into a package
  // cache (slow, and it writes a cache directory); -Dpython.console.encoding=UTF-8: print writes
  // UTF-8. -B: an imported module of the job is not compiled to a $py.class next to it (a test
  // run's /box is read-only). -Xss16m: every Java thread's stack (main's too), for deep recursion;
  // not the java pack's 64m: where no cgroup bounds the run, RLIMIT_DATA counts each thread's whole
  // stack, and the JVM's ten or so threads at 64 MiB pass it.
  run: [
    '/usr/bin/java', ...jvm, '-Xss16m',
    '-Dpython.home=/usr/share/jython', '-Dpython.cachedir.skip=true', '-Dpython.console.encoding=UTF-8',
    '-jar', '/usr/share/java/jython-2.7.3.jar', '-B', 'main.py',
  ],
  // HOME: the user site directory and any cache Jython looks for land in the writable /tmp.
  env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8', HOME: '/tmp' },
  // Jython takes 1.5-2 s of CPU for hello world (a 14 MB runtime initialised on every run, the
  // program compiled to bytecode): 3 s of CPU and 5 s of wall time would leave little for the
  // program itself, and less on a busy machine. Twice the defaults, under the operator's maximums.
  limits: { cpuMs: 6_000, wallMs: 10_000 },
  // The JVM reserves address space far beyond what it touches: without a cgroup, RLIMIT_DATA backs
  // the memory limit rather than RLIMIT_AS.
  memoryRlimit: 'data',
  // Debian keeps the JDK's configuration in /etc (lib/jvm.cfg, conf/security/java.security); without
  // it the JVM fails at start with "Error loading java.security file". Configuration only.
  readOnlyPaths: ['/etc/java-17-openjdk'],
  // Piston's "python2" (aliases "py2"; its "python2" alias is its own name); Judge0 CE's Python
  // 2.7 is id 70.
  peers: { piston: { language: 'python2', aliases: ['py2'], version: '2.7.3' }, judge0: { id: 70 } },
  // jython brings the jar and the libraries its manifest names; openjdk-17-jre-headless pins the JVM.
  debianPackages: ['jython', 'openjdk-17-jre-headless'],
};
