/**
 * How a pack appears in the Piston and Judge0 compatible APIs: its Piston language name, aliases and
 * SemVer version, and its Judge0 language id. One table for all three APIs; names and ids must be
 * unique across the installed packs (checked when the registry loads and by the conformance kit).
 */
import Joi from 'joi';
import semver from 'semver';
import { DuplicatePeerNameError } from '../errors.js';
/** A Piston language name or alias: Piston's own names also use "_" (llvm_ir). */
const PISTON_NAME = /^[a-z][a-z0-9+#._-]{0,31}$/;

export interface PistonName {
  /** Piston's `language` for this runtime, e.g. "python", "c++", "rscript". */
  language: string;
  /** Piston's other names for it, e.g. ["py", "py3"]. */
  aliases?: string[];
  /** An exact SemVer version (Piston clients pick by it), e.g. "3.11.2". */
  version: string;
}

export interface Judge0Name {
  /** Judge0 CE's language id (its seed's ids, so hard-coded clients work), e.g. 71 for Python. */
  id: number;
  /** Judge0's display name; "<displayName> (<version>)" when absent. */
  name?: string;
}

export interface PeerNames {
  piston?: PistonName;
  judge0?: Judge0Name;
}

const exactSemver = Joi.string()
  .max(64)
  .custom((value: string, helpers) => (semver.valid(value) === value ? value : helpers.error('semver.exact')))
  .messages({ 'semver.exact': '{{#label}} must be an exact SemVer version such as "3.11.2"' });

export const peerNamesSchema = Joi.object<PeerNames>({
  piston: Joi.object<PistonName>({
    language: Joi.string().pattern(PISTON_NAME).required(),
    aliases: Joi.array().items(Joi.string().pattern(PISTON_NAME)).unique().max(16),
    version: exactSemver.required(),
  }),
  judge0: Joi.object<Judge0Name>({
    id: Joi.number().integer().min(1).max(1_000_000).required(),
    name: Joi.string().min(1).max(64),
  }),
}).unknown(false);

/** Packs by their Piston names and aliases and by their Judge0 ids. */
export interface PeerIndex<T> {
  piston: ReadonlyMap<string, T>;
  judge0: ReadonlyMap<number, T>;
}

/** Indexes `packs` by their peer names; throws DuplicatePeerNameError when two claim one Piston name or one Judge0 id. */
export function indexPeerNames<T extends { packageName: string; peers: PeerNames }>(packs: readonly T[]): PeerIndex<T> {
  const piston = new Map<string, T>();
  const judge0 = new Map<number, T>();
  for (const pack of packs) {
    const { piston: name, judge0: id } = pack.peers;
    for (const claimed of name ? [name.language, ...(name.aliases ?? [])] : []) {
      const first = piston.get(claimed);
      if (first) throw new DuplicatePeerNameError('Piston', claimed, first.packageName, pack.packageName);
      piston.set(claimed, pack);
    }
    if (id) {
      const first = judge0.get(id.id);
      if (first) throw new DuplicatePeerNameError('Judge0', String(id.id), first.packageName, pack.packageName);
      judge0.set(id.id, pack);
    }
  }
  return { piston, judge0 };
}
