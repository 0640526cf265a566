// The bounded FIFO of pre-serialised events: a growable ring buffer with
// parallel arrays (JSON, byte size, enqueue time), so push/shift are O(1) and
// allocate nothing per event. It counts events and bytes; the stream decides
// what "full" means.

const INITIAL_CAPACITY = 1024;

export class EventQueue {
  private items: (string | undefined)[] = new Array<string | undefined>(INITIAL_CAPACITY);
  private sizes = new Float64Array(INITIAL_CAPACITY);
  private times = new Float64Array(INITIAL_CAPACITY);
  private head = 0;
  private mask = INITIAL_CAPACITY - 1;
  length = 0;
  bytes = 0;
  /** Events ever pushed / removed from the head; flush() uses them as positions. */
  pushedTotal = 0;
  removedTotal = 0;

  push(json: string, bytes: number, time: number): void {
    if (this.length > this.mask) this.grow();
    const i = (this.head + this.length) & this.mask;
    this.items[i] = json;
    this.sizes[i] = bytes;
    this.times[i] = time;
    this.length++;
    this.bytes += bytes;
    this.pushedTotal++;
  }

  /** Puts events back at the head (after a fatal error), keeping their order. */
  pushFront(jsons: readonly string[], time: number): void {
    for (let k = jsons.length - 1; k >= 0; k--) {
      if (this.length > this.mask) this.grow();
      this.head = (this.head - 1) & this.mask;
      const json = jsons[k];
      const bytes = Buffer.byteLength(json);
      this.items[this.head] = json;
      this.sizes[this.head] = bytes;
      this.times[this.head] = time;
      this.length++;
      this.bytes += bytes;
      this.removedTotal--;
    }
  }

  /** Enqueue time of the oldest event (NaN when empty). */
  oldestTime(): number {
    return this.length === 0 ? Number.NaN : this.times[this.head];
  }

  /** How many head events fit one request of at most `maxCount` events and `maxBodyBytes` (envelope + commas included). */
  batchCount(maxCount: number, maxBodyBytes: number, envelopeBytes: number): number {
    const limit = Math.min(maxCount, this.length);
    // Fast path: the whole candidate batch fits when the entire queue does.
    if (this.bytes + envelopeBytes + limit <= maxBodyBytes) return limit;
    let total = envelopeBytes - 1;
    let n = 0;
    while (n < limit) {
      const size = this.sizes[(this.head + n) & this.mask] + 1;
      if (total + size > maxBodyBytes) break;
      total += size;
      n++;
    }
    return Math.max(n, 1);
  }

  /** Removes and returns the `n` oldest events. */
  take(n: number): string[] {
    const out = new Array<string>(n);
    for (let k = 0; k < n; k++) out[k] = this.shiftOne();
    return out;
  }

  /** Moves the `n` oldest events into `out[0..n)` (a reused scratch array). */
  takeInto(out: string[], n: number): void {
    for (let k = 0; k < n; k++) out[k] = this.shiftOne();
  }

  /** Removes the oldest event; `lastBytes` holds its size afterwards. */
  shift(): string {
    return this.shiftOne();
  }
  lastBytes = 0;

  private shiftOne(): string {
    const i = this.head;
    const json = this.items[i] as string;
    this.items[i] = undefined;
    this.lastBytes = this.sizes[i];
    this.bytes -= this.lastBytes;
    this.head = (i + 1) & this.mask;
    this.length--;
    this.removedTotal++;
    return json;
  }

  drain(): string[] {
    return this.take(this.length);
  }

  private grow(): void {
    const cap = (this.mask + 1) * 2;
    const items = new Array<string | undefined>(cap);
    const sizes = new Float64Array(cap);
    const times = new Float64Array(cap);
    for (let k = 0; k < this.length; k++) {
      const i = (this.head + k) & this.mask;
      items[k] = this.items[i];
      sizes[k] = this.sizes[i];
      times[k] = this.times[i];
    }
    this.items = items;
    this.sizes = sizes;
    this.times = times;
    this.head = 0;
    this.mask = cap - 1;
  }
}
