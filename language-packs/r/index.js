// @ts-check
/** @type {import('@sentinel/core').PackOptions} */
export default {
  id: 'r',
  displayName: 'R',
  version: '4.2.2',
  aliases: ['rscript'],
  sourceFile: 'main.R',
  // Rscript runs the script with R's --no-echo --no-restore. --vanilla adds --no-save,
  // --no-environ (no Renviron.site, no ~/.Renviron), --no-site-file (no Rprofile.site) and
  // --no-init-file (no .Rprofile, not even one sent among a request's files): every run starts
  // from R's own defaults. The default packages (stats, utils, methods, ...) are attached as usual.
  run: ['/usr/bin/Rscript', '--vanilla', 'main.R'],
  env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8' },
  // Of Debian's /etc/R (R_HOME/etc links there), the two files R cannot start without:
  // - ldpaths: sourced by the R front-end script (Rscript execs /usr/lib/R/bin/R) for
  //   LD_LIBRARY_PATH;
  // - Renviron: R's system environment file (R_PLATFORM, R_LIBS_SITE, ...); without it R says
  //   "cannot find system Renviron" and fails to load utils and stats.
  // Not Renviron.site and Rprofile.site (skipped by --vanilla), nor Makeconf and repositories
  // (building and installing packages only).
  readOnlyPaths: ['/etc/R/Renviron', '/etc/R/ldpaths'],
  // Its names in the Piston and Judge0 compatible APIs (Judge0 CE's seed id).
  peers: { piston: { language: 'rscript', aliases: ['r'], version: '4.2.2' }, judge0: { id: 80 } },
  debianPackages: ['r-base-core'],
};
