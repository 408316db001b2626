import { DuplicatePackError } from '../errors.js';
import type { ResolvedPack } from './contract.js';
import { indexPeerNames, type PeerIndex } from './peers.js';

/** The loaded packs, looked up by id or alias. Two packs claiming one name is an error. */
export class PackRegistry {
  private readonly byName = new Map<string, ResolvedPack>();
  private readonly packs: readonly ResolvedPack[];
  private readonly peers: PeerIndex<ResolvedPack>;

  constructor(packs: readonly ResolvedPack[]) {
    for (const pack of packs) {
      for (const name of [pack.id, ...pack.aliases]) {
        const existing = this.byName.get(name);
        if (existing) throw new DuplicatePackError(name, existing.packageName, pack.packageName);
        this.byName.set(name, pack);
      }
    }
    this.peers = indexPeerNames(packs);
    this.packs = [...packs].sort((a, b) => a.id.localeCompare(b.id));
  }

  /** The pack a request's `language` names (id or alias), or undefined. */
  find(name: string): ResolvedPack | undefined {
    return this.byName.get(name);
  }

  /** The pack whose Piston language name or alias is `name`, or undefined. */
  findPiston(name: string): ResolvedPack | undefined {
    return this.peers.piston.get(name);
  }

  /** The pack with Judge0 language id `id`, or undefined. */
  findJudge0(id: number): ResolvedPack | undefined {
    return this.peers.judge0.get(id);
  }

  /** Every pack, sorted by id. */
  list(): readonly ResolvedPack[] {
    return this.packs;
  }

  ids(): string[] {
    return this.packs.map((pack) => pack.id);
  }
}
