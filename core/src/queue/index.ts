export * from './port.js';
export * from './errors.js';
export * from './job-language.js';
export { createJobQueue, BullJobQueue, type BullJobQueueOptions } from './bull/adapter.js';
// Bull's own names, for tests and tools that look into Redis (never for master or executor code).
export { QueueFactory, type Queue, type QueueJob } from './bull/factory.js';
export { QUEUE_PREFIX, queueKeys } from './bull/keys.js';
export { CODE_RUN_QUEUE_SETTINGS } from './bull/settings.js';
export { readJobSnapshot, type JobSnapshot, type BullState } from './bull/snapshot.js';
export * from './tasks.js';
export { createTaskQueue, BullTaskQueue, type BullTaskQueueOptions } from './bull/task-queue.js';
export { createJobEnds, BullJobEnds, type BullJobEndsOptions } from './bull/job-ends.js';
