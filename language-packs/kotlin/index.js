// @ts-check

// JVM flags shared by the compiler's JVM and the program's:
//   -XX:+UseSerialGC: one GC thread (G1 starts several; processes and threads count against the
//   limit); -XX:ActiveProcessorCount=1: size every thread pool for one CPU; -XX:-UsePerfData: no
//   hsperfdata file in /tmp. The sandbox has no /sys, so the JVM cannot see its cgroup: the heap is
//   sized from the step's memory limit with -XX:MaxRAM={memoryMb}m and a MaxRAMPercentage.
const jvm = ['-XX:+UseSerialGC', '-XX:ActiveProcessorCount=1', '-XX:-UsePerfData', '-XX:MaxRAM={memoryMb}m'];

/** @type {import('@sentinel/core').PackOptions} */
export default {
  id: 'kotlin',
  displayName: 'Kotlin (JVM)',
  version: '1.3.31',
  aliases: ['kt', 'kotlinc'],
  sourceFile: 'main.kt',
  // Debian's kotlinc (a bash script that starts the compiler's JVM), writing one jar with the
  // Kotlin runtime (kotlin-stdlib) inside and a Main-Class naming the file's top-level main(), so
  // the run needs neither the script nor a class path. -jvm-target 1.8: 1.8 bytecode rather than
  // 1.3's default of 1.6. The compiler's JVM flags come from JAVA_OPTS (see env).
  compile: ['/usr/bin/kotlinc', '-jvm-target', '1.8', '-include-runtime', '-d', 'main.jar', 'main.kt'],
  // What a request may add to kotlinc (each a whole option): warnings off, warnings as errors,
  // progressive mode. Nothing that names a file, a path or a plugin.
  compilerOptions: ['-nowarn', '-Werror', '-progressive'],
  // A compile that exits 0 without leaving this is a COMPILATION_ERROR (no run could start).
  artifacts: ['main.jar'],
  // The jar straight on java, not through Debian's `kotlin` launcher script (one JVM start and no
  // bash: about 60 ms for hello world). Heap: 70% of the run's memory limit, the rest left to
  // metaspace, the code cache and stacks, so a program that fills its heap gets an
  // OutOfMemoryError (RUNTIME_ERROR) rather than an OOM kill. -Xss32m (not 64: in rlimits mode each Java thread reserves it against RLIMIT_DATA): the main thread's stack,
  // for deep recursion (only what is touched counts against the memory limit). Tiered compilation
  // is kept, so programs that compute get C2's code.
  run: ['/usr/bin/java', ...jvm, '-XX:MaxRAMPercentage=70', '-Xss32m', '-jar', 'main.jar'],
  env: {
    PATH: '/usr/local/bin:/usr/bin:/bin',
    LANG: 'C.UTF-8',
    // Read by the kotlinc script only (the java launcher ignores JAVA_OPTS), so this is the
    // compiler's JVM and replaces the script's default "-Xmx256M -Xms32M": the shared flags above;
    // half the compile step's memory for the heap (kotlinc peaks near 270 MiB on small files);
    // -XX:TieredStopAtLevel=1, C1 only, as kotlinc runs too briefly for C2 to pay off (a third
    // less CPU here); -XX:-PrintWarnings hides the JVM's "-noverify is deprecated" warning, which
    // the script's own -noverify would otherwise add to every compile's output.
    JAVA_OPTS: [...jvm, '-XX:MaxRAMPercentage=50', '-XX:TieredStopAtLevel=1', '-XX:-PrintWarnings'].join(' '),
  },
  // kotlinc takes 2-4 s of CPU for a one-line program (a 97 MB compiler loaded by a fresh JVM on
  // every job), and more on a busy machine: pin the compile step at the operator's maximums so a
  // lowered compile default (SENTINEL_COMPILE_*) cannot starve it, and give it 20 s of wall time,
  // not the default 15.
  compileLimits: { wallMs: 20_000, cpuMs: 15_000, memoryMb: 1_024 },
  // Debian keeps the JDK's configuration in /etc (lib/jvm.cfg, conf/security/java.security and the
  // other conf/*.properties are links into it); without it the JVM fails at start with "Error
  // loading java.security file". Configuration only, no secrets.
  readOnlyPaths: ['/etc/java-17-openjdk'],
  // kotlin brings the compiler and its runtime; openjdk-17-jre-headless the JVM both run on (kotlin
  // only asks for some Java runtime, through ant).
  // Without a cgroup (rlimits mode), RLIMIT_DATA rather than RLIMIT_AS backs the memory limit:
  // the JVM reserves its heap, code cache and metaspace as address space far beyond what it uses.
  memoryRlimit: 'data',
  // Its names in the Piston and Judge0 compatible APIs (Judge0 CE's seed id).
  peers: { piston: { language: 'kotlin', aliases: ['kt'], version: '1.3.31' }, judge0: { id: 78 } },
  debianPackages: ['kotlin', 'openjdk-17-jre-headless'],
};
