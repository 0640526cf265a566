// Counters and distributions behind stream.stats(). Latency percentiles come
// from a bounded reservoir sample (Vitter's algorithm R) so memory stays fixed
// however long the stream runs.

import type { LatencySummary } from './types.js';

export class Reservoir {
  private readonly samples: number[] = [];
  private seen = 0;
  max = 0;
  constructor(
    private readonly size: number,
    private readonly random: () => number,
  ) {}

  add(value: number): void {
    this.seen++;
    if (value > this.max) this.max = value;
    if (this.samples.length < this.size) this.samples.push(value);
    else {
      const j = Math.floor(this.random() * this.seen);
      if (j < this.size) this.samples[j] = value;
    }
  }

  summary(): LatencySummary {
    const sorted = [...this.samples].sort((a, b) => a - b);
    const at = (q: number): number => (sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]);
    return { count: this.seen, p50: at(0.5), p90: at(0.9), p99: at(0.99), max: this.max };
  }
}

const BATCH_BUCKETS: ReadonlyArray<[number, string]> = [
  [1, '1'],
  [10, '2-10'],
  [50, '11-50'],
  [99, '51-99'],
  [100, '100'],
];

export class StatsRecorder {
  enqueued = 0;
  sent = 0;
  retried = 0;
  sessionExpiredResends = 0;
  bisections = 0;
  callbackErrors = 0;
  readonly failed: Record<string, number> = {};
  readonly dropped: Record<string, number> = {};
  readonly rejected: Record<string, number> = {};
  readonly responses = { '2xx': 0, '4xx': 0, '5xx': 0, network: 0, other: 0 };
  readonly latency: Reservoir;
  private batchCount = 0;
  private batchEvents = 0;
  private batchMax = 0;
  private readonly histogram: Record<string, number> = {};

  constructor(random: () => number) {
    this.latency = new Reservoir(1024, random);
  }

  static bump(counts: Record<string, number>, reason: string, n = 1): void {
    counts[reason] = (counts[reason] ?? 0) + n;
  }

  batch(size: number): void {
    this.batchCount++;
    this.batchEvents += size;
    if (size > this.batchMax) this.batchMax = size;
    const bucket = BATCH_BUCKETS.find(([limit]) => size <= limit)?.[1] ?? '100';
    StatsRecorder.bump(this.histogram, bucket);
  }

  batches(): { count: number; meanSize: number; maxSize: number; histogram: Record<string, number> } {
    return {
      count: this.batchCount,
      meanSize: this.batchCount === 0 ? 0 : this.batchEvents / this.batchCount,
      maxSize: this.batchMax,
      histogram: { ...this.histogram },
    };
  }

  total(counts: Record<string, number>): number {
    let n = 0;
    for (const k in counts) n += counts[k];
    return n;
  }
}
