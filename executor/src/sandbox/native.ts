/**
 * The executor's own C programs (executor/native/, built by `npm run build`): sentinel-init, the
 * sandbox's pid 1, and sentinel-spawner, which starts spare sandboxes (see spawner.ts). Paths work
 * from src/sandbox and dist/sandbox alike.
 */
import { access, constants } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { SandboxUnavailableError } from '@sentinel/core';

export const BUNDLED_INIT = fileURLToPath(new URL('../../native/sentinel-init', import.meta.url));
export const BUNDLED_SPAWNER = fileURLToPath(new URL('../../native/sentinel-spawner', import.meta.url));

/** Refuses to go on (fail closed) when either program is missing or not executable. */
export async function checkNativePrograms(): Promise<void> {
  for (const program of [BUNDLED_INIT, BUNDLED_SPAWNER]) {
    await access(program, constants.X_OK).catch(() => {
      throw new SandboxUnavailableError(`${program} is missing: npm run build makes it (with a C compiler; npm run setup installs gcc)`);
    });
  }
}
