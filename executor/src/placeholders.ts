/**
 * Pack commands and environment values may name the run's limits, for runtimes that would size
 * themselves from the host's RAM otherwise: `{memoryMb}` becomes the run's memory limit in MiB
 * (e.g. java `-XX:MaxRAM={memoryMb}m`, GHC `+RTS -M{memoryMb}m`). Compile steps get their own
 * limits, test runs theirs.
 */
import type { Limits } from '@sentinel/core';

export const PLACEHOLDERS = ['{memoryMb}'] as const;

export function expandLimits(text: string, limits: Limits): string {
  return text.replaceAll('{memoryMb}', String(limits.memoryMb));
}

export function expandEnv(env: Readonly<Record<string, string>>, limits: Limits): Record<string, string> {
  return Object.fromEntries(Object.entries(env).map(([name, value]) => [name, expandLimits(value, limits)]));
}
