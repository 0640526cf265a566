// Callers waiting for room in a full spool (onFull 'block'), served in FIFO
// order: a later, smaller event never overtakes an earlier one.

interface Waiter {
  need: number;
  resolve: () => void;
  reject: (err: Error) => void;
}

export class RoomWaiters {
  private waiters: Waiter[] = [];

  get length(): number {
    return this.waiters.length;
  }

  /** Resolves when wake() finds room for `need` bytes; rejects with the signal's reason on abort. */
  add(need: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason as Error);
    return new Promise<void>((resolve, reject) => {
      const w: Waiter = { need, resolve, reject };
      this.waiters.push(w);
      signal?.addEventListener(
        'abort',
        () => {
          const i = this.waiters.indexOf(w);
          if (i >= 0) this.waiters.splice(i, 1);
          reject(signal.reason as Error);
        },
        { once: true },
      );
    });
  }

  /** Admits waiters from the front while the room (`free` bytes) covers them. */
  wake(free: number): void {
    while (this.waiters.length > 0 && this.waiters[0].need <= free) {
      const w = this.waiters.shift()!;
      free -= w.need;
      w.resolve();
    }
  }

  rejectAll(err: () => Error): void {
    for (const w of this.waiters.splice(0)) w.reject(err());
  }
}
