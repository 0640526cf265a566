// What a 400/413/422 means for a batch: some bad events (bisect down to them,
// deliver the rest) or a refusal of the request itself, such as "No active
// meter" for every event (fail the lot once, and say so through onError).
// Bisecting a request-level refusal would cost two requests per event and
// isolate nothing, so the first refused piece of 4 or more events is probed
// in quarters: all four refused alike means the refusal is about the request.
// Once shown, that refusal is remembered: a later piece of any size refused
// alike fails at once (one request per batch, and one onError each).

import type { Batch, RefusalProbe } from './batch.js';
import { refusalKey } from './classify.js';
import type { DeliveryHooks } from './delivery.js';
import type { StatsRecorder } from './stats.js';

/** Request-level refusals remembered per stream (their keys: status, code, message). */
const KNOWN_LIMIT = 16;

export class RefusalTriage {
  /** Refusals already shown to be about the request: a piece refused alike fails at once, whatever its size. */
  private readonly known = new Set<string>();

  constructor(
    private readonly hooks: DeliveryHooks,
    private readonly stats: StatsRecorder,
  ) {}

  /**
   * A 400/413/422 for `piece`: halve it until the refused events are isolated (the good ones go
   * through), unless the refusal is about the request itself. The first refused piece of 4 or more
   * events is cut in quarters (a probe); if all four are refused alike, every event of the piece
   * fails as 'refused' (one onError) after 5 requests instead of 2 per event. Else the refused
   * quarters are bisected as usual.
   */
  refused(batch: Batch, piece: string[], seq: number, error: unknown): void {
    const key = refusalKey(error);
    const probe = batch.probe;
    if (this.known.has(key) && (probe === null || probe.left === 0)) {
      this.hooks.failed(piece, 'refused', error, batch.possiblyDelivered, seq);
      return;
    }
    if (probe !== null && probe.left > 0) {
      probe.held.push({ events: piece, seq, error });
      if (key !== probe.key) probe.broken = true;
      this.probeAnswered(batch, probe);
      return;
    }
    if (piece.length >= 4 && probe === null) {
      const q = piece.length >>> 2;
      const cuts = [0, q, 2 * q, piece.length - q, piece.length];
      // Quarters in order at the head of the work (the third takes what does not divide by four).
      for (let k = 3; k >= 0; k--) {
        batch.pieces!.unshift(piece.slice(cuts[k], cuts[k + 1]));
        batch.pieceSeqs.unshift(seq + cuts[k]);
      }
      this.stats.bisections++;
      batch.probe = { key, left: 4, broken: false, held: [] };
      return;
    }
    this.splitOrReject(batch, piece, seq, error);
  }

  /** A quarter answered; once all four have, decide. */
  private probeAnswered(batch: Batch, probe: RefusalProbe): void {
    if (--probe.left > 0) return;
    const held = probe.held.sort((a, b) => a.seq - b.seq);
    probe.held = [];
    if (!probe.broken && held.length === 4) {
      if (this.known.size >= KNOWN_LIMIT) this.known.clear();
      this.known.add(probe.key);
      this.hooks.failed(
        held.flatMap((h) => h.events),
        'refused',
        held[3].error,
        batch.possiblyDelivered, // an earlier attempt of the whole batch may have gone through
        held[0].seq,
      );
      return;
    }
    for (let k = held.length - 1; k >= 0; k--) this.splitOrReject(batch, held[k].events, held[k].seq, held[k].error);
  }

  /** Puts the two halves of a refused piece at the head of the work, or fails a single event as 'rejected'. */
  private splitOrReject(batch: Batch, piece: string[], seq: number, error: unknown): void {
    if (piece.length < 2) {
      this.hooks.failed(piece, 'rejected', error, batch.possiblyDelivered, seq);
      return;
    }
    const mid = piece.length >>> 1;
    batch.pieces!.unshift(piece.slice(0, mid), piece.slice(mid));
    batch.pieceSeqs.unshift(seq, seq + mid);
    this.stats.bisections++;
  }

  /** A piece went through (or failed otherwise) while the probe waited on quarters: the refusal is about some events. */
  answered(batch: Batch): void {
    const probe = batch.probe;
    if (probe === null || probe.left === 0) return;
    probe.broken = true;
    this.probeAnswered(batch, probe);
  }
}
