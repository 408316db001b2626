// @ts-check
import { fileURLToPath } from 'node:url';

// The compile step's helper (see compile.sh): it finds the entry class (`public class HelloWorld`
// under any name, in a `package` or not), saves the source under that class's name, runs javac,
// and writes the class's full name to main.args for the run. Bound read-only into the sandbox at
// its own path.
const compileScript = fileURLToPath(new URL('./compile.sh', import.meta.url));

/** @type {import('@sentinel/core').PackOptions} */
export default {
  id: 'java',
  displayName: 'Java',
  version: 'OpenJDK 17.0.21',
  aliases: ['java17', 'openjdk'],
  // The code is written to Main.java; compile.sh renames it after its public class.
  sourceFile: 'Main.java',
  // javac is itself a JVM program; its options go through -J:
  //   -XX:+UseSerialGC: one GC thread (the default G1 starts several and more processes count
  //   against the limit); -XX:ActiveProcessorCount=1: size every thread pool for one CPU;
  //   -XX:MaxRAM={memoryMb}m: size the heap from the step's memory limit, not the host's RAM (the
  //   sandbox has no /sys, so the JVM cannot see its cgroup); -XX:TieredStopAtLevel=1: C1 only,
  //   javac runs too briefly for C2 to pay off (about 40% faster here); -XX:-UsePerfData: no
  //   hsperfdata file in /tmp.
  // -cp: the job directory and Gson (Debian's libgoogle-gson-java), the JSON library programs may
  // import (com.google.gson); the run has the same class path.
  // -encoding UTF-8: source encoding pinned; -proc:none: no annotation-processor discovery (faster,
  // and nothing on the class path runs at compile time); -d .: classes into the job directory.
  compile: [
    '/usr/bin/sh',
    compileScript,
    '/usr/bin/javac',
    '-J-XX:+UseSerialGC',
    '-J-XX:ActiveProcessorCount=1',
    '-J-XX:MaxRAM={memoryMb}m',
    '-J-XX:TieredStopAtLevel=1',
    '-J-XX:-UsePerfData',
    '-cp',
    '.:/usr/share/java/gson.jar',
    '-encoding',
    'UTF-8',
    '-proc:none',
    '-d',
    '.',
  ],
  // What a request may add to javac (each a whole option): lint warnings, no warnings, debug info,
  // warnings as errors. Nothing that names a file, a path or a plugin.
  compilerOptions: ['-Xlint(:-?[a-z]+(,-?[a-z]+)*)?', '-nowarn', '-g(:(none|[a-z]+(,[a-z]+)*))?', '-Werror'],
  // A compile that exits 0 without leaving this is a COMPILATION_ERROR (no run could start).
  // compile.sh writes main.args only after javac succeeded and left the entry class.
  artifacts: ['main.args'],
  //   -XX:+UseSerialGC, -XX:ActiveProcessorCount=1, -XX:-UsePerfData: as for javac (the run keeps
  //   to about 14 threads, far under the 64 allowed);
  //   -XX:MaxRAM={memoryMb}m -XX:MaxRAMPercentage=70: the heap may take 70% of the run's memory
  //   limit, the rest is left to metaspace, the code cache, thread stacks and the JVM itself, so a
  //   program that fills its heap gets an OutOfMemoryError (RUNTIME_ERROR) rather than an OOM kill;
  //   -Xss32m: every Java thread's stack, for deeply recursive solutions (32 not 64: in rlimits
  //   mode each of the JVM's ~8 Java threads reserves it against RLIMIT_DATA; only what is touched is
  //   counted against the memory limit).
  // Tiered compilation (C1 then C2) is kept for the run: programs that compute get C2's code.
  // @main.args: the entry class's full name, written by compile.sh (the launcher expands an
  // @file only before the class name, so a request's args are never read as one).
  run: [
    '/usr/bin/java',
    '-XX:+UseSerialGC',
    '-XX:ActiveProcessorCount=1',
    '-XX:MaxRAM={memoryMb}m',
    '-XX:MaxRAMPercentage=70',
    '-XX:-UsePerfData',
    '-Xss32m',
    '-cp',
    '.:/usr/share/java/gson.jar',
    '@main.args',
  ],
  // Debian keeps the JDK's configuration in /etc (lib/jvm.cfg, conf/security/java.security and the
  // other conf/*.properties are links into it); without it javac and java fail at start with
  // "Error loading java.security file". Configuration only, no secrets.
  readOnlyPaths: ['/etc/java-17-openjdk', compileScript],
  env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8' },
  // Without a cgroup (rlimits mode), RLIMIT_DATA rather than RLIMIT_AS backs the memory limit:
  // the JVM reserves its heap, code cache and metaspace as address space far beyond what it uses.
  memoryRlimit: 'data',
  // Its names in the Piston and Judge0 compatible APIs (Judge0 CE's seed id).
  peers: { piston: { language: 'java', version: '17.0.21' }, judge0: { id: 62 } },
  debianPackages: ['openjdk-17-jdk-headless', 'libgoogle-gson-java'],
  // What programs may use beyond the standard library (on the class path of compile and run).
  libraries: [{ name: 'gson', version: '2.10' }],
};
