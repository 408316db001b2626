// @ts-check
/**
 * Renders k8s/ from k8s-templates/: the static templates once (namespace, limits, network
 * policies, Redis, master, KEDA's Redis login), the optional ones the config enables (the
 * Ingress) and the pack template once per pack
 * (`50-executor-<id>.yaml`: Deployment, ScaledObject, NetworkPolicy). Templates are Handlebars,
 * rendered through plop (so `npx plop language` and `npm run manifests` share the helpers), and
 * every value goes in through the `yaml` or `json` helper (serialized, never pasted as text), so no
 * value can break the document. Every rendered file is parsed back before it is written.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { globalModel, packModel } from './model.js';

/** @typedef {import('@sentinel/core').ResolvedPack} ResolvedPack */
/** @typedef {import('./config.js').DeployConfig} DeployConfig */
/** @typedef {{ renderString(template: string, data: unknown): string }} Renderer */

/** Templates of k8s-templates/optional/, each rendered only when the config asks for it. */
const OPTIONAL = /** @type {Record<string, (config: DeployConfig) => boolean>} */ ({
  '35-ingress.yaml.hbs': (config) => config.ingress.enabled,
});

/** The name of a pack's file in k8s/. */
export const packFileName = (/** @type {string} */ id) => `50-executor-${id}.yaml`;
/**
 * Every file of k8s/, by name, in order.
 * @param {Renderer} plop
 * @param {{ templatesDir: string, config: DeployConfig, packs: readonly ResolvedPack[] }} options
 * @returns {Map<string, string>}
 */
export function renderAll(plop, { templatesDir, config, packs }) {
  const files = new Map();
  const model = templateData(config);
  const staticDir = path.join(templatesDir, 'static');
  for (const name of readdirSync(staticDir).filter((n) => n.endsWith('.hbs')).sort()) {
    const output = name.slice(0, -'.hbs'.length);
    files.set(output, checked(output, plop.renderString(readFileSync(path.join(staticDir, name), 'utf8'), model)));
  }
  for (const [name, wanted] of Object.entries(OPTIONAL)) {
    if (!wanted(config)) continue;
    const output = name.slice(0, -'.hbs'.length);
    files.set(output, checked(output, plop.renderString(readFileSync(path.join(templatesDir, 'optional', name), 'utf8'), model)));
  }
  for (const pack of packs) {
    const [name, content] = renderPack(plop, { templatesDir, config, pack });
    files.set(name, content);
  }
  return files;
}

/**
 * One pack's file: its executor Deployment, ScaledObject and NetworkPolicy.
 * @param {Renderer} plop
 * @param {{ templatesDir: string, config: DeployConfig, pack: ResolvedPack }} options
 * @returns {[string, string]}
 */
export function renderPack(plop, { templatesDir, config, pack }) {
  const template = readFileSync(path.join(templatesDir, 'pack', 'executor.yaml.hbs'), 'utf8');
  const name = packFileName(pack.id);
  return [name, checked(name, plop.renderString(template, { ...templateData(config), pack: packModel(pack, config) }))];
}

/**
 * Writes `files` into `dir`. With `exact`, removes every other file there, so the directory is
 * exactly the rendering (k8s/ is generated as a whole; nothing in it is edited by hand).
 * @param {string} dir @param {Map<string, string>} files @param {{ exact?: boolean }} [options]
 * @returns {{ written: string[], removed: string[] }}
 */
export function writeFiles(dir, files, { exact = false } = {}) {
  mkdirSync(dir, { recursive: true });
  const written = [];
  for (const [name, content] of files) {
    const file = path.join(dir, name);
    if (existsSync(file) && readFileSync(file, 'utf8') === content) continue;
    writeFileSync(file, content);
    written.push(name);
  }
  const removed = [];
  if (exact) {
    for (const name of readdirSync(dir)) {
      if (files.has(name)) continue;
      rmSync(path.join(dir, name), { recursive: true, force: true });
      removed.push(name);
    }
  }
  return { written, removed };
}

/** @param {DeployConfig} config */
function templateData(config) {
  const model = globalModel(config);
  return { ...model, redisAddress: `${model.redisHost}:6379` };
}

/** Parses a rendered YAML file back (every document of it) and answers it, or throws naming the file. @param {string} name @param {string} content */
function checked(name, content) {
  if (!name.endsWith('.yaml')) return content;
  for (const doc of parseAllDocuments(content)) {
    if (doc.errors.length) throw new Error(`k8s/${name} is not valid YAML: ${doc.errors[0]?.message}`);
  }
  return content;
}

/** The helpers every template uses; registered by the plopfile. Handlebars passes its options last. */
export const helpers = {
  /**
   * A mapping value in block YAML after `key:` (`labels:{{yaml pack.labels 4}}`): a non-empty
   * mapping or list on the next lines, indented by `indent`; anything else on the same line.
   */
  yaml: (/** @type {unknown} */ value, /** @type {unknown} */ indent) => {
    const text = stringify(value ?? null, { lineWidth: 0 }).trimEnd();
    const block = typeof value === 'object' && value !== null && Object.keys(value).length > 0;
    const pad = ' '.repeat(typeof indent === 'number' ? indent : 0);
    return new Raw(block ? `\n${text.split('\n').map((line) => pad + line).join('\n')}` : ` ${text}`);
  },
  /** A value as JSON (valid YAML, for flow mappings), never HTML-escaped. */
  json: (/** @type {unknown} */ value) => new Raw(JSON.stringify(value)),
  /** A number as a string (KEDA's trigger metadata and env values are strings). */
  string: (/** @type {unknown} */ value) => String(value),
  /** A string or a list of strings as a JavaScript literal in the house style ('a', ['a', 'b']). */
  js: (/** @type {unknown} */ value) => new Raw(jsLiteral(value)),
  /** Its arguments joined. */
  concat: (/** @type {unknown[]} */ ...args) => args.slice(0, -1).map(String).join(''),
  /** The words of a list joined by `separator`, unescaped (commands in a README or a Dockerfile). */
  join: (/** @type {unknown} */ list, /** @type {unknown} */ separator) => new Raw((Array.isArray(list) ? list : []).map(String).join(String(separator))),
};

/** @param {unknown} value @returns {string} */
function jsLiteral(value) {
  if (Array.isArray(value)) return `[${value.map(jsLiteral).join(', ')}]`;
  const escaped = String(value).replace(/[\\'\u0000-\u001f\u2028\u2029]/g, (c) => (c === '\\' || c === "'" ? `\\${c}` : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
  return `'${escaped}'`;
}

/** Handlebars leaves a value with toHTML() unescaped (its SafeString contract). */
class Raw {
  /** @param {string} text */
  constructor(text) {
    this.text = text;
  }
  toString() {
    return this.text;
  }
  toHTML() {
    return this.text;
  }
}
