// @ts-check
/** @type {import('@sentinel/core').PackOptions} */
export default {
  id: 'nasm',
  displayName: 'Assembly (NASM, x86-64 Linux)',
  version: '2.16.01',
  aliases: ['asm', 'nasm64'],
  sourceFile: 'main.asm',
  // Two tools, assemble then link, with no shell: GNU make with no makefile (-f /dev/null), no
  // built-in rules or variables (-r -R), quiet (-s), and the two rules given on its command line.
  // Recipes without shell metacharacters are exec'd by make directly, so no /bin/sh runs.
  // nasm -f elf64 assembles to an object in the private /tmp; ld links it with no C library, as
  // Judge0 and Piston do: the program starts at _start and talks to the kernel with syscall.
  compile: [
    '/usr/bin/make', '-s', '-r', '-R', '-f', '/dev/null',
    '--eval=main: /tmp/main.o ; /usr/bin/ld -o main /tmp/main.o',
    '--eval=/tmp/main.o: main.asm ; /usr/bin/nasm -f elf64 -o /tmp/main.o main.asm',
    'main',
  ],
  // No compiler options: they would be make's arguments, not nasm's.
  // A compile that exits 0 without leaving this is a COMPILATION_ERROR (no run could start).
  artifacts: ['main'],
  run: ['./main'],
  env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8' },
  // Judge0 CE's "Assembly (NASM)" (45) is 64-bit (nasm -f elf64, ld). Piston's package provides
  // "nasm" for 32-bit code (elf32, ld -m elf_i386) and "nasm64" (alias asm64) for this.
  peers: { piston: { language: 'nasm64', aliases: ['asm64'], version: '2.16.1' }, judge0: { id: 45 } },
  // binutils has ld; make drives the two steps.
  debianPackages: ['nasm', 'binutils', 'make'],
};
