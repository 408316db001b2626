// @ts-check

// JVM flags of both steps, as in the java and kotlin packs: -XX:+UseSerialGC: one GC thread
// (processes and threads count against the limit); -XX:ActiveProcessorCount=1: thread pools for one
// CPU; -XX:-UsePerfData: no hsperfdata file in /tmp; -XX:MaxRAM={memoryMb}m: the sandbox has no
// /sys, so the heap is sized from the step's memory limit, not the host's RAM. The JDK's own CDS
// archive (classes.jsa, -Xshare:auto by default) already maps the JDK's classes at start.
const jvm = ['-XX:+UseSerialGC', '-XX:ActiveProcessorCount=1', '-XX:-UsePerfData', '-XX:MaxRAM={memoryMb}m'];
// Debian's Scala 2.11 jars (versioned names, so a later scala package cannot change them).
const lib = '/usr/share/java/scala-library-2.11.jar';
const compiler = ['/usr/share/java/scala-compiler-2.11.jar', lib, '/usr/share/java/scala-reflect-2.11.jar'].join(':');

/** @type {import('@sentinel/core').PackOptions} */
export default {
  id: 'scala',
  displayName: 'Scala',
  version: '2.11.12',
  aliases: ['sc', 'scalac', 'scala2'],
  // The program's entry point is `object Main` (with a main method, or `extends App`), in the
  // default package, as Judge0 runs it.
  sourceFile: 'Main.scala',
  // scalac straight on java rather than through Debian's bash script (one fewer process, and the
  // JVM flags are ours): scala.tools.nsc.Main with the compiler, library and reflect jars;
  // -Dscala.usejavacp=true: the program compiles against the library on java's class path.
  // Compiler JVM: half the step's memory for the heap, C1 only (-XX:TieredStopAtLevel=1: scalac
  // runs too briefly for C2 to pay off), -Xss16m for scalac's deep recursion on nested code.
  compile: [
    '/usr/bin/java', ...jvm, '-XX:MaxRAMPercentage=50', '-XX:TieredStopAtLevel=1', '-Xss16m',
    '-cp', compiler, '-Dscala.usejavacp=true', 'scala.tools.nsc.Main',
    '-encoding', 'UTF-8', '-d', '.', 'Main.scala',
  ],
  // What a request may add to scalac (each a whole option): warnings, lint, warnings as errors,
  // the optimiser. Nothing that names a file, a path or a plugin.
  compilerOptions: ['-deprecation', '-feature', '-unchecked', '-nowarn', '-Xfatal-warnings', '-Xlint(:-?[a-z-]+(,-?[a-z-]+)*)?', '-optimi[sz]e'],
  // A compile that exits 0 without leaving this is a COMPILATION_ERROR (no run could start).
  artifacts: ['Main.class'],
  // The classes on plain java with the Scala library on the class path (no scala runner script,
  // no compiler loaded: one JVM start). Heap: 70% of the run's memory limit, so a program that
  // fills it gets an OutOfMemoryError (RUNTIME_ERROR) rather than an OOM kill; -Xss16m: every
  // Java thread's stack (main's too), for deep recursion; not the java pack's 64m: where no cgroup
  // bounds the run, RLIMIT_DATA counts each thread's whole stack, and the JVM's ten or so threads at
  // 64 MiB pass it (the JVM cannot start). Tiered compilation is kept, so programs that compute get C2's code.
  run: ['/usr/bin/java', ...jvm, '-XX:MaxRAMPercentage=70', '-Xss16m', '-cp', `${lib}:.`, 'Main'],
  env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8' },
  // scalac takes 2-4 s of CPU for a one-line program (a fresh JVM loads the compiler on every job)
  // and more on a busy machine: the compile step is pinned at the operator's maximums for CPU and
  // memory, and given 20 s of wall time rather than 15, as for kotlinc.
  compileLimits: { wallMs: 20_000, cpuMs: 15_000, memoryMb: 1_024 },
  // The JVM reserves address space far beyond what it touches (heap, code cache, metaspace):
  // without a cgroup, RLIMIT_DATA backs the memory limit rather than RLIMIT_AS.
  memoryRlimit: 'data',
  // Debian keeps the JDK's configuration in /etc (lib/jvm.cfg, conf/security/java.security); without
  // it the JVM fails at start with "Error loading java.security file". Configuration only.
  readOnlyPaths: ['/etc/java-17-openjdk'],
  // Piston has Scala 3 under "scala" (aliases "sc"); Judge0 CE's Scala is id 81.
  peers: { piston: { language: 'scala', aliases: ['sc'], version: '2.11.12' }, judge0: { id: 81 } },
  // scala brings the compiler and library jars; openjdk-17-jre-headless pins the JVM both steps
  // run on (scala only asks for some Java runtime).
  debianPackages: ['scala', 'openjdk-17-jre-headless'],
};
