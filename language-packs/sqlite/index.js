// @ts-check
/** @type {import('@sentinel/core').PackOptions} */
export default {
  id: 'sqlite',
  displayName: 'SQLite',
  version: '3.40.1',
  aliases: ['sql', 'sqlite3'],
  sourceFile: 'main.sql',
  // The program is a script of SQL statements and dot-commands for the sqlite3 shell, run against
  // a fresh in-memory database. Arguments after the database are commands run in order, after
  // which the shell exits without reading stdin: the test's input stays for the script to read
  // itself (`.import '|cat' table`, see the README).
  run: [
    '/usr/bin/sqlite3',
    // Start-up file: none (otherwise the shell looks for ~/.sqliterc and, with no HOME, warns on
    // stderr).
    '-init', '/dev/null',
    // Stop at the first error with a non-zero exit status, so a failing statement is a
    // RUNTIME_ERROR rather than a message followed by the rest of the script.
    '-bail',
    // Non-interactive: no prompts, no banner.
    '-batch',
    ':memory:',
    // Temporary tables, indices and large sorts in memory, like the database itself: the sandbox's
    // memory limit (256 MiB) then bounds them, not the 10 MiB per-file limit that a sort spilled
    // to /tmp would hit (SIGXFSZ). A script may still say otherwise.
    'PRAGMA temp_store = MEMORY;',
    '.read main.sql',
  ],
  // PATH: `.import '|cmd'` runs cmd through /bin/sh. SQLITE_TMPDIR: where SQLite would put any
  // temporary file (a script that sets temp_store back to FILE): the sandbox's /tmp, named rather
  // than found after /var/tmp and /usr/tmp, which the sandbox does not have.
  env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8', SQLITE_TMPDIR: '/tmp' },
  // Arguments are no program arguments here: a checker written in it reads its files by name.
  takesArgs: false,
  // Its names in the Piston and Judge0 compatible APIs (Judge0 CE's seed id).
  peers: { piston: { language: 'sqlite3', aliases: ['sqlite', 'sql'], version: '3.40.1' }, judge0: { id: 82 } },
  debianPackages: ['sqlite3'],
};
