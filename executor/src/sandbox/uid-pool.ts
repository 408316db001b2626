/**
 * Host uids for sandboxes, one per live sandbox, as isolate gives each box its own: the kernel
 * counts inotify instances, pending signals, message-queue bytes and processes per user, so two
 * runs under one uid could exhaust each other's. A uid is taken when a sandbox starts and given
 * back once every process of it has ended; the least recently used is handed out first.
 */
export class UidPool {
  private readonly free: number[];
  private readonly waiting: Array<(uid: number) => void> = [];

  constructor(first: number, readonly size: number) {
    this.free = Array.from({ length: size }, (_, index) => first + index);
  }

  /** A uid no live sandbox has; waits for one when all are in use. */
  take(): Promise<number> {
    const uid = this.free.shift();
    return uid !== undefined ? Promise.resolve(uid) : new Promise((resolve) => this.waiting.push(resolve));
  }

  release(uid: number): void {
    const next = this.waiting.shift();
    if (next) next(uid);
    else this.free.push(uid);
  }
}
