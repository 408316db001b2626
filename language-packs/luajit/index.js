// @ts-check
/** @type {import('@sentinel/core').PackOptions} */
export default {
  id: 'luajit',
  displayName: 'LuaJIT',
  version: '2.1.0-beta3',
  aliases: ['lua-jit', 'luajit2'],
  sourceFile: 'main.lua',
  // LuaJIT runs Lua 5.1 (plus goto and a few 5.2 bits), with its FFI and bit libraries. No flags:
  // the environment is exactly `env`, so LUA_INIT and LUA_PATH are never set, and package.path
  // keeps "./?.lua" for a request's extra files. The JIT maps its code in memory of its own (no
  // files), so the read-only /usr and the default limits suit it.
  run: ['/usr/bin/luajit', 'main.lua'],
  env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8' },
  // No peers: neither Piston nor Judge0 CE has LuaJIT (their "lua" is the lua pack's).
  debianPackages: ['luajit'],
};
