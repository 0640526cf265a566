// The bounded FIFO of serialised events, kept as bytes: every event's JSON is
// written once, at send(), into one growable byte ring (each event followed by
// a comma), with parallel typed arrays per event (offset, size, enqueue time).
// A batch's request body is then a copy of one or two runs of that ring
// between the envelope's bytes: no string per event, no join, no UTF-8
// encoding on the way to the socket, and nothing for the GC per event. (The
// same design as Kafka's producer, which serialises records straight into
// batch buffers.) Events are decoded back to text only on the rare paths:
// eviction, dead letters, close() handing back what is pending.
//
// An event is written in two steps so validation can finish before it is
// queued: the encoder asks `reserve()` for room and writes there, `stage()`
// records it behind every queued event, and `commit()` makes the oldest staged
// event part of the queue (or `unstage()` takes staged events back out as text).
// It counts events and bytes; the stream decides what "full" means.

const INITIAL_RECORDS = 1024;
const INITIAL_BYTES = 64 * 1024;
/** An empty ring larger than this is given back (after a burst) rather than kept. */
const SHRINK_BYTES = 4 * 1024 * 1024;
const COMMA = 0x2c;
/** Request bodies are cut from recycled buffers of at least this size (a batch of small events is ~16 KiB). */
const BODY_BUFFER_BYTES = 64 * 1024;
/** Recycled body buffers kept (maxInFlight's default is 8). */
const SPARE_BODIES = 16;
const utf8 = new TextEncoder();
const text = new TextDecoder();
const OPEN = utf8.encode('{"events":[');
const CLOSE = utf8.encode(']}');

export class EventQueue {
  /** Event bytes; read it again after reserve(), which may replace it. */
  buf = new Uint8Array(INITIAL_BYTES);
  private offs = new Float64Array(INITIAL_RECORDS);
  private sizes = new Float64Array(INITIAL_RECORDS);
  private times = new Float64Array(INITIAL_RECORDS);
  private head = 0;
  private mask = INITIAL_RECORDS - 1;
  /** Records in the ring: queued events, then `staged` ones. */
  private queued = 0;
  private staged = 0;
  /** Where the next event goes: just past the last live (queued or staged) event's comma. */
  private cursor = 0;
  /** Events handed back after a fatal error (text, at the head): only drained, never sent. */
  private front: string[] = [];
  /** The chunks `front` is made of, kept in batch order whatever order batches stop in. */
  private frontChunks: Array<{ order: number; events: readonly string[] }> = [];
  private frontTime = 0;
  /** Position (in acceptance order, from 0) of the ring's oldest event: a batch's events are headSeq… at takeBody(). */
  headSeq = 0;
  /** Where commit() put the event it queued (its JSON is buf[committedOff, committedOff + committedLen)). */
  committedOff = 0;
  committedLen = 0;
  /** Queued events (front included) and their JSON bytes (commas excluded). */
  length = 0;
  bytes = 0;
  /** Events ever queued / removed from the head; flush() uses them as positions. */
  pushedTotal = 0;
  removedTotal = 0;
  /** Size of the event the last shift() removed. */
  lastBytes = 0;
  /** Buffers of delivered bodies, reused for the next ones: a fresh one costs an allocation, zeroing and page faults. */
  private spareBodies: Uint8Array[] = [];

  // ---- writing --------------------------------------------------------------

  /**
   * An offset in `buf` where `max` bytes (and a comma) can be written after every
   * live event. Free space is used first (wrapping to the start of the ring);
   * otherwise the ring grows, moving wrapped events so the live region is one run.
   */
  reserve(max: number): number {
    const need = max + 1;
    const live = this.queued + this.staged;
    if (live === 0) {
      if (this.buf.length > SHRINK_BYTES && need <= INITIAL_BYTES) this.buf = new Uint8Array(INITIAL_BYTES);
      this.cursor = 0;
      if (need > this.buf.length) this.buf = new Uint8Array(Math.max(need, this.buf.length * 2));
      return 0;
    }
    const start = this.offs[this.head];
    const at = this.cursor;
    const cap = this.buf.length;
    if (at > start) {
      // Live bytes are [start, at): room after them, else before them.
      if (cap - at >= need) return at;
      if (start >= need) return (this.cursor = 0);
      const grown = new Uint8Array(Math.max(cap * 2, at + need));
      grown.set(this.buf.subarray(start, at), start);
      this.buf = grown;
      return at;
    }
    // Wrapped: live bytes are [start, cap) then [0, at).
    if (start - at >= need) return at;
    const grown = new Uint8Array(Math.max(cap * 2, cap + at + need));
    grown.set(this.buf.subarray(start, cap), start);
    grown.set(this.buf.subarray(0, at), cap);
    for (let k = 0; k < live; k++) {
      const i = (this.head + k) & this.mask;
      if (this.offs[i] < start) this.offs[i] += cap;
    }
    this.buf = grown;
    return (this.cursor = cap + at);
  }

  /** Records the `bytes` just written at `off` (from reserve()) as a staged event. */
  stage(off: number, bytes: number): void {
    if (this.queued + this.staged > this.mask) this.growRecords();
    const i = (this.head + this.queued + this.staged) & this.mask;
    this.offs[i] = off;
    this.sizes[i] = bytes;
    this.buf[off + bytes] = COMMA;
    this.cursor = off + bytes + 1;
    this.staged++;
  }

  /** Queues the oldest staged event, enqueued at `time`. */
  commit(time: number): void {
    const i = (this.head + this.queued) & this.mask;
    this.times[i] = time;
    this.queued++;
    this.staged--;
    this.length++;
    this.bytes += this.sizes[i];
    this.pushedTotal++;
    this.committedOff = this.offs[i];
    this.committedLen = this.sizes[i];
  }

  /** Takes every staged event back out, as text, in order. */
  unstage(): string[] {
    const out = new Array<string>(this.staged);
    for (let k = 0; k < this.staged; k++) out[k] = this.textAt((this.head + this.queued + k) & this.mask);
    this.staged = 0;
    this.cursor = this.queued === 0 ? 0 : this.endOf((this.head + this.queued - 1) & this.mask);
    return out;
  }

  /** Queues an event given as text (`bytes` is its UTF-8 size): the rare paths (blocked senders, dropOldest). */
  push(json: string, bytes: number, time: number): void {
    if (this.staged !== 0) throw new Error('EventQueue.push with staged events');
    const off = this.reserve(bytes);
    utf8.encodeInto(json, this.buf.subarray(off, off + bytes));
    this.stage(off, bytes);
    this.commit(time);
  }

  /**
   * Puts a stopped batch's events back at the head after a fatal error; they are only drained from then on.
   * `order` is the batch's sequence number: batches stop in any order, but come back in the order they left.
   */
  pushFront(jsons: readonly string[], time: number, order: number): void {
    this.frontTime = time;
    for (const json of jsons) this.bytes += utf8.encode(json).length;
    const chunks = this.frontChunks;
    let at = chunks.length;
    while (at > 0 && chunks[at - 1].order > order) at--;
    chunks.splice(at, 0, { order, events: jsons });
    // The front is drained all at once (close()), never in part, so it is the chunks in order.
    this.front = chunks.flatMap((c) => c.events);
    this.length += jsons.length;
    this.removedTotal -= jsons.length;
  }

  // ---- reading --------------------------------------------------------------

  /** Enqueue time of the oldest event (NaN when empty); events handed back count from then. */
  oldestTime(): number {
    if (this.front.length > 0) return this.frontTime;
    return this.queued === 0 ? Number.NaN : this.times[this.head];
  }

  /** How many head events fit one request of at most `maxCount` events and `maxBodyBytes` (envelope + commas included). */
  batchCount(maxCount: number, maxBodyBytes: number, envelopeBytes: number): number {
    const limit = Math.min(maxCount, this.queued);
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

  /** Removes the `n` oldest events (1 <= n <= ring length) and returns them as one request body, `{"events":[…]}`. */
  takeBody(n: number): Uint8Array {
    if (this.front.length !== 0) throw new Error('EventQueue.takeBody after a fatal error');
    const { offs, sizes, mask, buf } = this;
    let size = OPEN.length + CLOSE.length + n - 1;
    for (let k = 0; k < n; k++) size += sizes[(this.head + k) & mask];
    const body = this.bodyBuffer(size);
    body.set(OPEN, 0);
    let pos = OPEN.length;
    // Consecutive events sit next to each other, commas included: copy runs, not events.
    let i = this.head;
    let runStart = offs[i];
    let runEnd = runStart + sizes[i];
    let removed = sizes[i];
    for (let k = 1; k < n; k++) {
      i = (i + 1) & mask;
      const off = offs[i];
      if (off !== runEnd + 1) {
        body.set(buf.subarray(runStart, runEnd + 1), pos);
        pos += runEnd + 1 - runStart;
        runStart = off;
      }
      runEnd = off + sizes[i];
      removed += sizes[i];
    }
    body.set(buf.subarray(runStart, runEnd), pos);
    body.set(CLOSE, pos + runEnd - runStart);
    this.head = (this.head + n) & mask;
    this.headSeq += n;
    this.queued -= n;
    this.length -= n;
    this.bytes -= removed;
    this.removedTotal += n;
    return body;
  }

  /**
   * Takes back the body of a delivered batch for reuse. Only after a 2xx: the
   * request was then written in full, so nothing reads the buffer any more.
   */
  recycle(body: Uint8Array): void {
    if (this.spareBodies.length < SPARE_BODIES && body.buffer.byteLength >= BODY_BUFFER_BYTES && body.buffer instanceof ArrayBuffer) {
      this.spareBodies.push(new Uint8Array(body.buffer));
    }
  }

  private bodyBuffer(size: number): Uint8Array {
    const spare = this.spareBodies.pop();
    if (spare !== undefined && spare.length >= size) return spare.subarray(0, size);
    return new Uint8Array(Math.max(size, BODY_BUFFER_BYTES)).subarray(0, size);
  }

  /** Removes the oldest event and returns its text; `lastBytes` holds its size afterwards. */
  shift(): string {
    if (this.front.length > 0) {
      const json = this.front.shift()!;
      if (this.front.length === 0) this.frontChunks = [];
      this.lastBytes = utf8.encode(json).length;
      this.bytes -= this.lastBytes;
      this.length--;
      this.removedTotal++;
      return json;
    }
    const i = this.head;
    const json = this.textAt(i);
    this.lastBytes = this.sizes[i];
    this.bytes -= this.lastBytes;
    this.head = (i + 1) & this.mask;
    this.headSeq++;
    this.queued--;
    this.length--;
    this.removedTotal++;
    return json;
  }

  /** Removes and returns the `n` oldest events as text. */
  take(n: number): string[] {
    const out = new Array<string>(n);
    for (let k = 0; k < n; k++) out[k] = this.shift();
    return out;
  }

  drain(): string[] {
    return this.take(this.length);
  }

  private textAt(i: number): string {
    return text.decode(this.buf.subarray(this.offs[i], this.offs[i] + this.sizes[i]));
  }

  private endOf(i: number): number {
    return this.offs[i] + this.sizes[i] + 1;
  }

  private growRecords(): void {
    const live = this.queued + this.staged;
    const cap = (this.mask + 1) * 2;
    const offs = new Float64Array(cap);
    const sizes = new Float64Array(cap);
    const times = new Float64Array(cap);
    for (let k = 0; k < live; k++) {
      const i = (this.head + k) & this.mask;
      offs[k] = this.offs[i];
      sizes[k] = this.sizes[i];
      times[k] = this.times[i];
    }
    this.offs = offs;
    this.sizes = sizes;
    this.times = times;
    this.head = 0;
    this.mask = cap - 1;
  }
}
