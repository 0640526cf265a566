// Group commit: callers asking for a sync while one runs all share the next
// one, so any number of waiting appenders costs at most two fdatasyncs, and
// each caller's promise covers every write made before it asked.

export class GroupSync {
  private running: Promise<void> | null = null;
  private queued: Promise<void> | null = null;

  constructor(private readonly run: () => Promise<void>) {}

  request(): Promise<void> {
    if (this.running === null) {
      this.running = this.run().finally(() => (this.running = null));
      return this.running;
    }
    const again = (): Promise<void> => {
      this.queued = null;
      return this.request();
    };
    this.queued ??= this.running.then(again, again);
    return this.queued;
  }
}
