// @ts-check
/**
 * Sentinel's generators (plop 4).
 *
 *   npx plop language                               asks, then makes language-packs/<id>
 *   npx plop language -- --id perl --displayName Perl --version 5.36 --sourceFile main.pl \
 *     --run "/usr/bin/perl main.pl" --debianPackages perl --aliases pl --fixturesFrom ./my-fixtures
 *                                                  the same without questions (each one answered)
 *   npm run manage -- add --id perl ...             the same from a script (scripts/manage.mts)
 *
 * A new pack is a complete npm package (package.json, index.js, Dockerfile, README.md, fixtures/)
 * and its Kubernetes objects are rendered into k8s/ at once. The generator refuses an id that is
 * already a pack directory or an installed pack's id or alias, whatever --force says.
 * The Handlebars helpers registered here also render k8s/ (`npm run manifests`).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPackFrom } from '@sentinel/core';
import { readDeployConfig } from './generators/lib/config.js';
import { argv, checkPackOptions, languagePrompts, repositoryVersion, words, writeFixtures } from './generators/lib/language.js';
import { helpers, renderPack, writeFiles } from './generators/lib/render.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const templatesDir = path.join(here, 'k8s-templates');

/** @param {import('node-plop').NodePlopAPI} plop */
export default function (plop) {
  for (const [name, helper] of Object.entries(helpers)) plop.setHelper(name, helper);
  const dest = () => plop.getDestBasePath();

  plop.setActionType('sentinel-pack-check', (answers) => {
    checkPackOptions(/** @type {import('./generators/lib/language.js').LanguageAnswers} */ (answers));
    return 'pack options valid';
  });

  plop.setActionType('sentinel-fixtures', (answers) => {
    const data = /** @type {import('./generators/lib/language.js').LanguageAnswers} */ (answers);
    const written = writeFixtures(path.join(dest(), 'language-packs', data.id), data);
    return `language-packs/${data.id}/{${written.join(',')}}`;
  });

  plop.setActionType('sentinel-pack-manifests', async (answers) => {
    const { id } = /** @type {{ id: string }} */ (answers);
    const pack = await loadPackFrom(path.join(dest(), 'language-packs', id));
    const config = readDeployConfig(templatesDir);
    const [name, content] = renderPack(plop, { templatesDir, config, pack });
    writeFiles(path.join(dest(), 'k8s'), new Map([[name, content]]));
    return `k8s/${name}`;
  });

  plop.setGenerator('language', {
    description: 'a new language pack (npm package, Dockerfile, fixtures) and its Kubernetes objects',
    prompts: languagePrompts(dest),
    actions: (answers) => {
      const data = /** @type {Record<string, unknown>} */ (answers ?? {});
      // Answers are text from the prompts, plop's bypass or a script: the same parsing for all.
      Object.assign(data, {
        aliases: words(data.aliases),
        compile: argv(data.compile),
        artifacts: words(data.artifacts),
        run: argv(data.run),
        debianPackages: words(data.debianPackages),
        baseImage: data.baseImage || 'sentinel-executor-base',
        fixturesFrom: data.fixturesFrom ? path.resolve(String(data.fixturesFrom)) : '',
        toolchainVersion: data.version,
        packageVersion: repositoryVersion(here),
      });
      data.placeholders = !data.fixturesFrom;
      const pack = 'language-packs/{{id}}';
      const template = (/** @type {string} */ name) => path.join(here, 'generators', 'language', `${name}.hbs`);
      return [
        { type: 'sentinel-pack-check' },
        { type: 'add', path: `${pack}/package.json`, templateFile: template('package.json') },
        { type: 'add', path: `${pack}/index.js`, templateFile: template('index.js') },
        { type: 'add', path: `${pack}/Dockerfile`, templateFile: template('Dockerfile') },
        { type: 'add', path: `${pack}/README.md`, templateFile: template('README.md') },
        { type: 'sentinel-fixtures' },
        { type: 'sentinel-pack-manifests' },
      ];
    },
  });
}
