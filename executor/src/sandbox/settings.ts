/**
 * What the executor asks of its sandbox, as plain options: the sandbox never reads the
 * environment. The executor maps its configuration to these (sandboxSettings in config.ts).
 */
import type { CgroupMode } from './cgroup/detect.js';

export interface SandboxSettings {
  /** bwrap, or none: programs run unsandboxed (on purpose only; /health warns). */
  kind: 'bwrap' | 'none';
  bwrapPath: string;
  cgroup: { mode: CgroupMode; mount: string; name: string };
  /** First host uid and the gid sandboxes run as (when the executor is root); undefined keeps the executor's own. */
  owner?: { uid: number; gid: number };
  /** Programs run at once, and spare sandboxes kept waiting. */
  concurrency: number;
  spares: number;
  tmpBytes: number;
  jobDirBytes: number;
  openFiles: number;
}
