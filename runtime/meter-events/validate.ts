// Validates a meter event at send() and serialises it once, straight into the
// stream's queue as bytes. Those bytes are what goes on the wire on every
// attempt; identifier and timestamp are filled in here (never at transmission)
// so a resend is deduplicated by Stripe.
//
// Hot path: one pass validates and measures the event, a second writes it.
// When every string is printable ASCII without `"` or `\` (what JSON.stringify
// copies verbatim), the JSON is written by hand, byte by byte, checking each
// character as it is copied, and its size is known before writing. The pieces
// that repeat from event to event (the event name, payload keys) are checked
// once and cached as bytes per stream. Anything else takes JSON.stringify +
// TextEncoder; both paths give the same bytes (property-tested).

import { MeterEventValidationError } from './errors.js';
import { parseDateTime, parseIsoInto } from './iso-date.js';
import { EventQueue } from './queue.js';

/** Stripe's request limit for the stream endpoint. */
export const MAX_BODY_BYTES = 256 * 1024;
/** `{"events":[` + `]}` */
export const ENVELOPE_BYTES = 13;
/** The largest single event that still fits in a request. */
export const MAX_EVENT_BYTES = MAX_BODY_BYTES - ENVELOPE_BYTES;

const MAX_PAST_MS = 35 * 24 * 3600 * 1000;
const MAX_FUTURE_MS = 5 * 60 * 1000;
const MAX_SIGNIFICANT_DIGITS = 15;
/** Margin on the 35-day side of the range check made with a reused wall-clock reading (see EventEncoder.recentWall). */
const COARSE_MARGIN_MS = 24 * 3600 * 1000;
/** Events that may share one wall-clock reading for their range check. */
const COARSE_USES = 256;
/** Payload key positions whose `"key":"` prefix is cached. */
const KEY_CACHE = 8;

export interface PrepareContext {
  customerKey: string;
  wallNow: () => number;
  generateIdentifier: () => string;
}

export interface PreparedEvent {
  json: string;
  bytes: number;
}

/**
 * Significant digits of a decimal string (`-?(\d+(\.\d*)?|\.\d+)`), or -1 when it
 * is not one: leading zeros and trailing fractional zeros do not count. One pass,
 * no allocation.
 */
export function scanDecimal(value: string): number {
  const n = value.length;
  let i = n > 0 && value.charCodeAt(0) === 45 /* - */ ? 1 : 0;
  let digits = false;
  let dot = false;
  let started = false;
  let count = 0;
  let fractionZeros = 0; // zeros after the point since the last non-zero digit: significant only if one follows
  for (; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c === 46 /* . */) {
      if (dot) return -1;
      dot = true;
    } else if (c === 48 /* 0 */) {
      digits = true;
      if (started) {
        if (dot) fractionZeros++;
        else count++;
      }
    } else if (c > 48 && c <= 57) {
      digits = true;
      started = true;
      count += fractionZeros + 1;
      fractionZeros = 0;
    } else {
      return -1;
    }
  }
  return digits ? count : -1;
}

/** Counts significant digits of a decimal string: leading zeros and trailing fractional zeros do not count. */
export function significantDigits(value: string): number {
  return Math.max(0, scanDecimal(value));
}

/** Printable ASCII without `"` and `\`: JSON.stringify copies it verbatim, and its UTF-8 size is its length. */
export function isPlainJsonText(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) return false;
  }
  return true;
}

function fail(field: string, message: string): never {
  throw new MeterEventValidationError(field, message);
}

/**
 * An object whose for-in keys are exactly its own enumerable keys, in
 * JSON.stringify's order: its prototype is Object.prototype (with nothing
 * enumerable on it) or null. `__proto__` is read first because V8 inlines it
 * (~5 ns against ~16 ns for Object.getPrototypeOf, which is the fallback: an
 * own `__proto__` key, a null prototype, or a runtime without the accessor).
 */
function isOrdinary(o: object): boolean {
  let proto = (o as { __proto__?: unknown }).__proto__;
  if (proto !== Object.prototype) proto = Object.getPrototypeOf(o);
  if (proto === null) return true;
  if (proto !== Object.prototype) return false;
  for (const _ in Object.prototype) return false; // polluted
  return true;
}

function isPlainRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Makes the enqueue-time ISO string; cached per millisecond because bursts share it. */
export class TimestampSource {
  private lastMs = Number.NaN;
  private lastIso = '';
  constructor(private readonly wallNow: () => number) {}
  iso(): string {
    return this.isoAt(this.wallNow());
  }
  /** The ISO string of `ms` (a wall-clock reading the caller already has). */
  isoAt(ms: number): string {
    if (ms !== this.lastMs) {
      this.lastMs = ms;
      this.lastIso = new Date(ms).toISOString();
    }
    return this.lastIso;
  }
}

/** Surely in range even if `recent` is up to COARSE_MARGIN_MS old (a stale reading is earlier, which only tightens the 5-minute side). */
function surelyInRange(ms: number, recent: number): boolean {
  return ms >= recent - MAX_PAST_MS + COARSE_MARGIN_MS && ms <= recent + MAX_FUTURE_MS;
}

function checkTimestamp(ms: number, now: number): void {
  if (ms < now - MAX_PAST_MS) fail('timestamp', 'must be within the past 35 days');
  if (ms > now + MAX_FUTURE_MS) fail('timestamp', 'must be at most 5 minutes in the future');
}

/** Copies `s` to `u` at `o` if it is plain JSON text (see isPlainJsonText); the offset after it, or -1 when it is not plain. */
function putPlain(u: Uint8Array, o: number, s: string): number {
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) return -1;
    u[o + i] = c;
  }
  return o + n;
}

/** Copies `s`, known to be printable ASCII, to `u` at `o`. */
function putAscii(u: Uint8Array, o: number, s: string): number {
  const n = s.length;
  for (let i = 0; i < n; i++) u[o + i] = s.charCodeAt(i);
  return o + n;
}

const utf8 = new TextEncoder();
const NAME_OPEN = '{"event_name":"';
const NAME_CLOSE = '","payload":{';
const IDENTIFIER = utf8.encode('"},"identifier":"');
const IDENTIFIER_NO_PAYLOAD = utf8.encode('},"identifier":"');
const TIMESTAMP = utf8.encode('","timestamp":"');
const END = utf8.encode('"}');

/**
 * Validates events and writes their wire JSON, identifier and timestamp filled
 * in, into an EventQueue as staged events; one per stream, because it caches
 * what repeats between events. Throws MeterEventValidationError naming the
 * field, with nothing staged.
 */
export class EventEncoder {
  /** The wall-clock reading the last encode() used: lets the stream skip a clock read of its own. */
  wallAt = 0;
  /**
   * A reading reused for the range check of events that bring their own timestamp
   * (a clock read costs ~50-90 ns, a good part of an event's budget), for up to
   * COARSE_USES events and until the stream calls expireWall(): at every batch it
   * cuts, and when its queue is empty. It can only accept: whatever it would not
   * surely accept is checked again against a fresh reading, so no event is refused
   * on a stale clock.
   */
  private recent = Number.NaN;
  private recentUses = 0;
  /** The last plain event name and the bytes of its `{"event_name":"…","payload":{` prefix. */
  private name: string | null = null;
  private namePrefix: Uint8Array = new Uint8Array(0);
  /** Per payload position: the last plain key seen there and the bytes of its `"key":"` prefix (`","key":"` after the first, closing the value before it). */
  private readonly keys: Array<string | undefined> = new Array<string | undefined>(KEY_CACHE).fill(undefined);
  private readonly keyPrefixes: Uint8Array[] = new Array<Uint8Array>(KEY_CACHE).fill(new Uint8Array(0));
  /** The payload's keys and values as the first pass read them, for the second (reused: no allocation per event). */
  private readonly fieldKeys: string[] = [];
  private readonly fieldValues: string[] = [];

  constructor(
    private readonly ctx: PrepareContext,
    private readonly timestamps?: TimestampSource,
  ) {}

  /** Validates `input`, stages its JSON in `queue` and returns the JSON's UTF-8 size. */
  encode(input: unknown, queue: EventQueue): number {
    if (!isPlainRecord(input)) fail('event', 'must be an object');
    const event = input;
    const eventName = event.event_name;
    if (typeof eventName !== 'string' || eventName.length === 0) fail('event_name', 'must be a non-empty string');

    const payload = event.payload;
    if (!isPlainRecord(payload)) fail('payload', 'must be an object of string values');
    // The hand-written JSON lists keys in for-in order, which is JSON.stringify's
    // order for ordinary objects; anything else (a class with toJSON, a
    // prototype with enumerable fields) is left to JSON.stringify.
    let plain = isOrdinary(payload);
    const customerKey = this.ctx.customerKey;
    const fieldKeys = this.fieldKeys;
    const fieldValues = this.fieldValues;
    let count = 0;
    let text = 0;
    let customer: unknown;
    let value: unknown;
    for (const key in payload) {
      const v = payload[key];
      if (typeof v !== 'string') fail(`payload.${key}`, 'payload values must be strings');
      if (key === customerKey) customer = v;
      else if (key === 'value') value = v;
      fieldKeys[count] = key;
      fieldValues[count] = v;
      text += key.length + v.length;
      count++;
    }
    if (!plain) {
      // What JSON.stringify will make of it is up to the object: look the fields up as they are.
      customer = payload[customerKey];
      value = payload.value;
    }
    if (typeof customer !== 'string' || customer.length === 0) fail(`payload.${customerKey}`, 'the customer key is required');
    if (value !== undefined) {
      const digits = scanDecimal(value as string);
      if (digits < 0) fail('payload.value', 'must be a decimal string');
      if (digits > MAX_SIGNIFICANT_DIGITS) fail('payload.value', 'at most 15 significant digits');
    }

    let identifier = event.identifier;
    if (identifier === undefined) identifier = this.ctx.generateIdentifier();
    else if (typeof identifier !== 'string' || identifier.length === 0) fail('identifier', 'must be a non-empty string');
    if (typeof identifier !== 'string') fail('identifier', 'the identifier generator must return a string');

    // Every timestamp below is printable ASCII: ISO strings, or strings that passed the RFC 3339 check.
    const ts = event.timestamp;
    let timestamp: string;
    /** A given timestamp string, checked below: on the plain path while it is copied. */
    let unchecked = false;
    if (ts === undefined) {
      // The enqueue time: always a fresh reading.
      const wall = this.freshWall();
      timestamp = this.timestamps ? this.timestamps.isoAt(wall) : new Date(wall).toISOString();
    } else if (typeof ts === 'string') {
      timestamp = ts;
      unchecked = true;
    } else if (ts instanceof Date) {
      const ms = ts.getTime();
      if (Number.isNaN(ms)) fail('timestamp', 'is an invalid Date');
      if (!surelyInRange(ms, this.recentWall())) checkTimestamp(ms, this.freshWall());
      timestamp = ts.toISOString();
    } else {
      fail('timestamp', 'must be an ISO date-time string or a Date');
    }

    if (plain && eventName !== this.name) {
      if (isPlainJsonText(eventName)) {
        this.name = eventName;
        this.namePrefix = utf8.encode(NAME_OPEN + eventName + NAME_CLOSE);
      } else {
        plain = false;
      }
    }
    if (plain) {
      // Same field order as stripe-node; the size is exact when every string is plain.
      const size =
        this.namePrefix.length + text + (count === 0 ? IDENTIFIER_NO_PAYLOAD.length : 4 + 6 * (count - 1) + IDENTIFIER.length) + identifier.length + TIMESTAMP.length + timestamp.length + END.length;
      if (size <= MAX_EVENT_BYTES) {
        const off = queue.reserve(size);
        const u = queue.buf;
        let copied = false;
        if (unchecked) {
          // The timestamp goes just before the closing `"}`.
          const ms = parseIsoInto(timestamp, u, off + size - END.length - timestamp.length);
          copied = ms === ms;
          this.checkGiven(copied ? ms : parseDateTime(timestamp));
          unchecked = false;
        }
        if (this.writePlain(u, off, identifier, timestamp, count, copied)) {
          queue.stage(off, size);
          return size;
        }
      }
    }
    if (unchecked) this.checkGiven(parseDateTime(timestamp));
    const json = utf8.encode(JSON.stringify({ event_name: eventName, payload, identifier, timestamp }));
    if (json.length > MAX_EVENT_BYTES) fail('payload', `event serialises to ${json.length} bytes, above the 256 KiB request limit`);
    const off = queue.reserve(json.length);
    queue.buf.set(json, off);
    queue.stage(off, json.length);
    return json.length;
  }

  /** Checks a given timestamp string's epoch ms (NaN: not a date-time). */
  private checkGiven(ms: number): void {
    if (Number.isNaN(ms)) fail('timestamp', 'must be an ISO 8601 / RFC 3339 date-time');
    if (!surelyInRange(ms, this.recentWall())) checkTimestamp(ms, this.freshWall());
  }

  /** Ends the reuse of the current wall-clock reading (see `recent`). */
  expireWall(): void {
    this.recentUses = 0;
  }

  private freshWall(): number {
    this.recentUses = COARSE_USES;
    return (this.wallAt = this.recent = this.ctx.wallNow());
  }

  private recentWall(): number {
    if (this.recentUses <= 0) return this.freshWall();
    this.recentUses--;
    return (this.wallAt = this.recent);
  }

  /** Writes the event's JSON at `off`; false (the bytes written are garbage) when a string needs escaping or is not ASCII. */
  private writePlain(u: Uint8Array, off: number, identifier: string, timestamp: string, count: number, timestampCopied: boolean): boolean {
    u.set(this.namePrefix, off);
    let o = off + this.namePrefix.length;
    for (let pos = 0; pos < count; pos++) {
      const key = this.fieldKeys[pos];
      let prefix: Uint8Array;
      if (pos < KEY_CACHE && this.keys[pos] === key) {
        prefix = this.keyPrefixes[pos];
      } else if (isPlainJsonText(key)) {
        prefix = utf8.encode((pos === 0 ? '"' : '","') + key + '":"');
        if (pos < KEY_CACHE) {
          this.keys[pos] = key;
          this.keyPrefixes[pos] = prefix;
        }
      } else {
        return false;
      }
      u.set(prefix, o);
      o = putPlain(u, o + prefix.length, this.fieldValues[pos]);
      if (o < 0) return false;
    }
    const open = count === 0 ? IDENTIFIER_NO_PAYLOAD : IDENTIFIER;
    u.set(open, o);
    o = putPlain(u, o + open.length, identifier);
    if (o < 0) return false;
    u.set(TIMESTAMP, o);
    o = timestampCopied ? o + TIMESTAMP.length + timestamp.length : putAscii(u, o + TIMESTAMP.length, timestamp);
    // END (`"}`) by hand: two stores cost less than a TypedArray.prototype.set call.
    u[o] = END[0];
    u[o + 1] = END[1];
    return true;
  }
}

/**
 * Validates `event` and returns its wire JSON with identifier and timestamp
 * filled in. Throws MeterEventValidationError naming the field.
 */
export function prepareMeterEvent(event: unknown, ctx: PrepareContext, timestamps?: TimestampSource): PreparedEvent {
  const queue = new EventQueue();
  const bytes = new EventEncoder(ctx, timestamps).encode(event, queue);
  return { json: queue.unstage()[0], bytes };
}
