/**
 * How a short pack name becomes npm package names. Tried in this order; a name that already is a
 * package name (scoped, or already carrying a known prefix) is tried as it is first.
 */
export const PACK_NAME_PATTERNS: readonly ((name: string) => string)[] = [
  (name) => `@sentinel/lang-${name}`,
  (name) => `sentinel-lang-${name}`,
];

export const PACK_KEYWORD = 'sentinel-language-pack';

const packageNamePattern = /^(@[a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*$/;

export function isPackageName(name: string): boolean {
  return packageNamePattern.test(name);
}

/** Every package name a short or full pack name may refer to, most specific first. */
export function candidatePackageNames(name: string): string[] {
  const trimmed = name.trim();
  if (trimmed.startsWith('@') || trimmed.startsWith('sentinel-lang-')) return [trimmed];
  return PACK_NAME_PATTERNS.map((pattern) => pattern(trimmed));
}
