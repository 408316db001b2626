/** The pack contract tests' minimal pack and how they vary it. */
import { PackInvalidError } from '../../src/errors.js';
import type { PackOptions } from '../../src/pack/contract.js';

export const PACKAGE = '@x/lang-y';
export const DIR = '/opt/packs/lang-y';

export const minimal: PackOptions = {
  id: 'y',
  displayName: 'Y',
  version: '1.0',
  sourceFile: 'main.y',
  run: ['/usr/bin/y', 'main.y'],
};

export const OMIT = Symbol('omit');

/** The minimal pack with one field replaced (or removed, with OMIT). */
export function withField(field: string, value: unknown): Record<string, unknown> {
  const raw: Record<string, unknown> = { ...minimal };
  if (value === OMIT) delete raw[field];
  else raw[field] = value;
  return raw;
}

export function invalid(field: string, detail: string): { instanceOf: typeof PackInvalidError; message: string } {
  return { instanceOf: PackInvalidError, message: `language pack ${PACKAGE} is invalid: field "${field}": ${detail}` };
}
