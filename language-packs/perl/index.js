// @ts-check
/** @type {import('@sentinel/core').PackOptions} */
export default {
  id: 'perl',
  displayName: 'Perl',
  version: '5.36.0',
  aliases: ['pl'],
  sourceFile: 'main.pl',
  // No flags: the script chooses its own pragmas (use strict, use warnings); the environment is
  // exactly `env` below, so PERL5LIB and PERL5OPT are never set. Since Perl 5.26 "." is not in
  // @INC: a request's extra files are loaded with `use lib '.'` (or FindBin), as anywhere else.
  run: ['/usr/bin/perl', 'main.pl'],
  env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8' },
  // /usr/bin/perl itself is in perl-base (Essential, a minimal module set); `perl` adds the
  // whole core library (List::Util, POSIX, Data::Dumper, bigint, ...) that scripts expect.
  // Its names in the Piston and Judge0 compatible APIs (Judge0 CE's seed id).
  peers: { piston: { language: 'perl', aliases: ['pl'], version: '5.36.0' }, judge0: { id: 85 } },
  debianPackages: ['perl'],
};
