// @ts-check

// JVM flags, as in the java and kotlin packs: -XX:+UseSerialGC: one GC thread (processes and
// threads count against the limit); -XX:ActiveProcessorCount=1: thread pools for one CPU;
// -XX:-UsePerfData: no hsperfdata file in /tmp; -XX:MaxRAM={memoryMb}m -XX:MaxRAMPercentage=70: the
// sandbox has no /sys, so the heap is 70% of the run's memory limit, not sized from the host's RAM.
// -XX:TieredStopAtLevel=1 (C1 only): each run loads and initialises clojure.core, which C2 never
// pays off for; a third less CPU for hello world (programs that compute for seconds lose some
// speed). The JDK's own CDS archive (-Xshare:auto, the default) maps the JDK's classes.
const jvm = [
  '-XX:+UseSerialGC', '-XX:ActiveProcessorCount=1', '-XX:-UsePerfData',
  '-XX:MaxRAM={memoryMb}m', '-XX:MaxRAMPercentage=70', '-XX:TieredStopAtLevel=1',
];

/** @type {import('@sentinel/core').PackOptions} */
export default {
  id: 'clojure',
  displayName: 'Clojure',
  version: '1.11.1',
  aliases: ['clj'],
  sourceFile: 'main.clj',
  // clojure.main on plain java with Debian's versioned jar (its manifest's Class-Path brings
  // spec.alpha and core.specs.alpha from /usr/share/maven-repo), not the clojure launcher script:
  // one JVM and no shell. clojure.main <file> loads the file as a script; a request's args follow
  // it and are *command-line-args*. -Dclojure.main.report=stderr: an uncaught exception's report
  // goes to stderr rather than into a file in /tmp. -Xss16m: every Java thread's stack (main's
  // too), for deep recursion; not the java pack's 64m: where no cgroup bounds the run, RLIMIT_DATA
  // counts each thread's whole stack, and the JVM's ten or so threads at 64 MiB pass it.
  run: [
    '/usr/bin/java', ...jvm, '-Xss16m', '-Dclojure.main.report=stderr',
    '-cp', '/usr/share/java/clojure-1.11.jar', 'clojure.main', 'main.clj',
  ],
  env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8' },
  // The JVM reserves address space far beyond what it touches: without a cgroup, RLIMIT_DATA backs
  // the memory limit rather than RLIMIT_AS.
  memoryRlimit: 'data',
  // Debian keeps the JDK's configuration in /etc (lib/jvm.cfg, conf/security/java.security); without
  // it the JVM fails at start with "Error loading java.security file". Configuration only.
  readOnlyPaths: ['/etc/java-17-openjdk'],
  // Piston's "clojure" (its other alias is its own name); Judge0 CE's Clojure is id 86.
  peers: { piston: { language: 'clojure', aliases: ['clj'], version: '1.11.1' }, judge0: { id: 86 } },
  // clojure brings the jar and its spec libraries; openjdk-17-jre-headless pins the JVM.
  debianPackages: ['clojure', 'openjdk-17-jre-headless'],
};
