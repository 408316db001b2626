// @ts-check
/** @type {import('@sentinel/core').PackOptions} */
export default {
  id: 'ruby',
  displayName: 'Ruby',
  version: '3.1.2',
  aliases: ['rb'],
  sourceFile: 'main.rb',
  // Plain `ruby main.rb`, RubyGems included: Ruby 3.1's bundled gems (prime, matrix, ...) are
  // only found through it, so --disable-gems (which would make start-up several times faster)
  // would break `require "prime"`. The environment is exactly `env` below, so RUBYOPT and RUBYLIB
  // are never set. A request's extra files load with require_relative "util".
  run: ['/usr/bin/ruby', 'main.rb'],
  env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8' },
  // `ruby` is Debian's default-version package: /usr/bin/ruby (a link to ruby3.1), ruby3.1 and
  // RubyGems.
  // Its names in the Piston and Judge0 compatible APIs (Judge0 CE's seed id).
  peers: { piston: { language: 'ruby', aliases: ['ruby3', 'rb'], version: '3.1.2' }, judge0: { id: 72 } },
  debianPackages: ['ruby'],
};
