// @ts-check
/** @type {import('@sentinel/core').PackOptions} */
export default {
  id: 'verilog',
  displayName: 'Verilog (Icarus)',
  version: '11.0',
  aliases: ['iverilog'],
  sourceFile: 'main.v',
  // Icarus Verilog compiles the design to a vvp program (main.vvp). -g2012: IEEE 1800-2012, the
  // newest generation it knows (plain Verilog-2005 is a subset), so SystemVerilog's int, logic and
  // always_comb parse too. iverilog runs its preprocessor and compiler (ivlpp, ivl) itself.
  compile: ['/usr/bin/iverilog', '-g2012', '-o', 'main.vvp', 'main.v'],
  // What a request may add (each a whole option): another language generation, warnings, macros.
  // Nothing that names a file, a directory, a target or a module path (-o, -c, -f, -I, -y, -t, -m).
  compilerOptions: ['-g(1995|2001|2001-noconfig|2005|2005-sv|2009|2012)', '-W(all|anachronisms|implicit|implicit-dimensions|macro-replacement|portbind|select-range|timescale|infloop|sensitivity-entire-array|sensitivity-entire-vector|floating-nets)', '-D[A-Za-z_][A-Za-z0-9_]*(=[A-Za-z0-9_.+-]*)?'],
  // A compile that exits 0 without leaving this is a COMPILATION_ERROR (no run could start).
  artifacts: ['main.vvp'],
  // vvp simulates until no event is left or $finish; the program reads stdin as the file
  // descriptor 32'h8000_0000 ($fgetc, $fgets, $fscanf). $fatal exits with status 1.
  run: ['/usr/bin/vvp', '-n', 'main.vvp'],
  env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8' },
  // Piston's package "iverilog" (aliases verilog, vvp). Judge0 CE has no Verilog.
  peers: { piston: { language: 'iverilog', aliases: ['verilog', 'vvp'], version: '11.0.0' } },
  debianPackages: ['iverilog'],
};
