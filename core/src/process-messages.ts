/** Typed messages a supervised process sends its supervisor over the IPC channel. */
import type { WorkerIdentity } from './queue/port.js';

/** An executor's identity as a queue worker: released by its supervisor the moment it dies. */
export interface WorkerMessage {
  kind: 'worker';
  worker: WorkerIdentity;
}

export function isWorkerMessage(message: unknown): message is WorkerMessage {
  if (typeof message !== 'object' || message === null) return false;
  const { kind, worker } = message as Partial<WorkerMessage>;
  return kind === 'worker' && typeof worker?.id === 'string' && Array.isArray(worker.languages) && worker.languages.every((language) => typeof language === 'string');
}
