// @ts-check

// JVM flags, as in the java and kotlin packs: -XX:+UseSerialGC: one GC thread (processes and
// threads count against the limit); -XX:ActiveProcessorCount=1: thread pools for one CPU;
// -XX:-UsePerfData: no hsperfdata file in /tmp; -XX:MaxRAM={memoryMb}m -XX:MaxRAMPercentage=70: the
// sandbox has no /sys, so the heap is 70% of the run's memory limit, not sized from the host's RAM.
// -XX:TieredStopAtLevel=1 (C1 only): each run starts the Groovy compiler on the script, which C2
// never pays off for; a third less CPU for hello world (programs that compute for seconds lose some
// speed). The JDK's own CDS archive (-Xshare:auto, the default) maps the JDK's classes.
const jvm = [
  '-XX:+UseSerialGC', '-XX:ActiveProcessorCount=1', '-XX:-UsePerfData',
  '-XX:MaxRAM={memoryMb}m', '-XX:MaxRAMPercentage=70', '-XX:TieredStopAtLevel=1',
];

/** @type {import('@sentinel/core').PackOptions} */
export default {
  id: 'groovy',
  displayName: 'Groovy',
  version: '2.4.21',
  aliases: ['gvy'],
  sourceFile: 'main.groovy',
  // groovy.ui.GroovyMain on plain java with Debian's versioned groovy-all jar, not the groovy
  // launcher script (bash, a starter class and a conf file): one JVM. The script is compiled in
  // memory and run in the same JVM, so there is no separate compile step (a syntax error is a
  // RUNTIME_ERROR with the compiler's message). A request's args follow the file (`args`).
  // -Xss16m: every Java thread's stack (main's too), for deep recursion; not the java pack's 64m:
  // where no cgroup bounds the run, RLIMIT_DATA counts each thread's whole stack, and the JVM's ten
  // or so threads at 64 MiB pass it.
  run: ['/usr/bin/java', ...jvm, '-Xss16m', '-cp', '/usr/share/java/groovy-all-2.4.21.jar', 'groovy.ui.GroovyMain', 'main.groovy'],
  // HOME: Groovy's user directory (~/.groovy, for @Grab's cache) lands in the writable /tmp.
  env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8', HOME: '/tmp' },
  // The JVM reserves address space far beyond what it touches: without a cgroup, RLIMIT_DATA backs
  // the memory limit rather than RLIMIT_AS.
  memoryRlimit: 'data',
  // Debian keeps the JDK's configuration in /etc (lib/jvm.cfg, conf/security/java.security); without
  // it the JVM fails at start with "Error loading java.security file". Configuration only.
  readOnlyPaths: ['/etc/java-17-openjdk'],
  // Piston's "groovy" (its other alias is its own name); Judge0 CE's Groovy is id 88.
  peers: { piston: { language: 'groovy', aliases: ['gvy'], version: '2.4.21' }, judge0: { id: 88 } },
  // groovy brings groovy-all; openjdk-17-jre-headless pins the JVM.
  debianPackages: ['groovy', 'openjdk-17-jre-headless'],
};
