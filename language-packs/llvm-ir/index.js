// @ts-check
/** @type {import('@sentinel/core').PackOptions} */
export default {
  id: 'llvm-ir',
  displayName: 'LLVM IR',
  version: '14.0.6',
  aliases: ['llvm', 'll'],
  sourceFile: 'main.ll',
  // llvm-as parses and verifies the textual IR into bitcode, so malformed IR (an undefined value,
  // a type mismatch) is a COMPILATION_ERROR with llvm-as's message, not a failing run.
  compile: ['/usr/bin/llvm-as-14', 'main.ll', '-o', 'main.bc'],
  // A compile that exits 0 without leaving this is a COMPILATION_ERROR (no run could start).
  artifacts: ['main.bc'],
  // lli JIT-compiles main() (ORC, no compile threads) and runs it in its own process, so the
  // program calls the C library directly (declare i32 @puts(i8*), @printf, @scanf, @getchar).
  run: ['/usr/bin/lli-14', 'main.bc'],
  env: {
    PATH: '/usr/local/bin:/usr/bin:/bin',
    LANG: 'C.UTF-8',
    // When the program crashes, LLVM's handler prints lli's stack; this stops it from starting
    // llvm-symbolizer (another process, and seconds of CPU on libLLVM) to name the frames.
    LLVM_DISABLE_SYMBOLIZATION: '1',
  },
  // Piston's package is "llvm_ir" with the aliases llvm, llvm-ir and ll; the contract's name pattern
  // has no "_", so its alias "llvm-ir" is the name here. Judge0 CE has no LLVM IR.
  peers: { piston: { language: 'llvm_ir', aliases: ['llvm', 'llvm-ir', 'll'], version: '14.0.6' } },
  // llvm-14 has llvm-as-14 and depends on llvm-14-runtime, which has lli-14.
  debianPackages: ['llvm-14', 'llvm-14-runtime'],
};
