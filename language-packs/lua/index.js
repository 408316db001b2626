// @ts-check
/** @type {import('@sentinel/core').PackOptions} */
export default {
  id: 'lua',
  displayName: 'Lua',
  version: '5.4.4',
  aliases: ['lua5.4'],
  sourceFile: 'main.lua',
  // The reference interpreter by its versioned Debian path (/usr/bin/lua is an alternatives link
  // that may point at another Lua). No flags: the environment is exactly `env` below, so LUA_INIT
  // and LUA_PATH are never set, and package.path keeps "./?.lua", so a request's extra files
  // (files: [{ name: "util.lua", ... }]) load with require("util").
  run: ['/usr/bin/lua5.4', 'main.lua'],
  env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8' },
  // Its names in the Piston and Judge0 compatible APIs (Judge0 CE's seed id).
  peers: { piston: { language: 'lua', version: '5.4.4' }, judge0: { id: 64 } },
  debianPackages: ['lua5.4'],
};
