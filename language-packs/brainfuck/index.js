// @ts-check
/** @type {import('@sentinel/core').PackOptions} */
export default {
  id: 'brainfuck',
  displayName: 'Brainfuck',
  version: '1.2.0',
  aliases: ['bf', 'beef'],
  sourceFile: 'main.b',
  // beef: an unbounded tape of byte cells; at the end of input `,` stores 0 (its default,
  // --store=zero), so `,[.,]` stops there. Unbalanced brackets: exit status 1 before running.
  run: ['/usr/bin/beef', 'main.b'],
  env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8' },
  // Piston's brainfuck (with its alias bf); Judge0 CE has no Brainfuck.
  // beef runs one file and refuses more words: a checker written in it reads its files by name.
  takesArgs: false,
  peers: { piston: { language: 'brainfuck', aliases: ['bf'], version: '1.2.0' } },
  debianPackages: ['beef'],
};
