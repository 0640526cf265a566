// Validates a meter event at send() and serialises it once. The JSON string
// produced here is what goes on the wire, byte for byte, on every attempt;
// identifier and timestamp are filled in here (never at transmission) so a
// resend is deduplicated by Stripe.

import { MeterEventValidationError } from './errors.js';
import { parseDateTime } from './iso-date.js';

/** Stripe's request limit for the stream endpoint. */
export const MAX_BODY_BYTES = 256 * 1024;
/** `{"events":[` + `]}` */
export const ENVELOPE_BYTES = 13;
/** The largest single event that still fits in a request. */
export const MAX_EVENT_BYTES = MAX_BODY_BYTES - ENVELOPE_BYTES;

const MAX_PAST_MS = 35 * 24 * 3600 * 1000;
const MAX_FUTURE_MS = 5 * 60 * 1000;
const MAX_SIGNIFICANT_DIGITS = 15;
const DECIMAL_RE = /^-?(?:\d+(?:\.\d*)?|\.\d+)$/;

export interface PrepareContext {
  customerKey: string;
  wallNow: () => number;
  generateIdentifier: () => string;
}

export interface PreparedEvent {
  json: string;
  bytes: number;
}

/** Counts significant digits of a decimal string: leading zeros and trailing fractional zeros do not count. */
export function significantDigits(value: string): number {
  let s = value.charCodeAt(0) === 45 /* - */ ? value.slice(1) : value;
  const dot = s.indexOf('.');
  if (dot >= 0) {
    let end = s.length;
    while (end > dot + 1 && s.charCodeAt(end - 1) === 48) end--;
    s = s.slice(0, dot) + s.slice(dot + 1, end);
  }
  let start = 0;
  while (start < s.length && s.charCodeAt(start) === 48) start++;
  return s.length - start;
}

function fail(field: string, message: string): never {
  throw new MeterEventValidationError(field, message);
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
    const ms = this.wallNow();
    if (ms !== this.lastMs) {
      this.lastMs = ms;
      this.lastIso = new Date(ms).toISOString();
    }
    return this.lastIso;
  }
}

function checkTimestamp(ms: number, now: number): void {
  if (ms < now - MAX_PAST_MS) fail('timestamp', 'must be within the past 35 days');
  if (ms > now + MAX_FUTURE_MS) fail('timestamp', 'must be at most 5 minutes in the future');
}

/**
 * Validates `event` and returns its wire JSON with identifier and timestamp
 * filled in. Throws MeterEventValidationError naming the field.
 */
export function prepareMeterEvent(event: unknown, ctx: PrepareContext, timestamps?: TimestampSource): PreparedEvent {
  if (!isPlainRecord(event)) fail('event', 'must be an object');
  const eventName = event.event_name;
  if (typeof eventName !== 'string' || eventName.length === 0) fail('event_name', 'must be a non-empty string');

  const payload = event.payload;
  if (!isPlainRecord(payload)) fail('payload', 'must be an object of string values');
  for (const key in payload) {
    if (typeof payload[key] !== 'string') fail(`payload.${key}`, 'payload values must be strings');
  }
  const customer = payload[ctx.customerKey];
  if (typeof customer !== 'string' || customer.length === 0) fail(`payload.${ctx.customerKey}`, 'the customer key is required');
  const value = payload.value;
  if (value !== undefined) {
    const v = value as string;
    if (!DECIMAL_RE.test(v)) fail('payload.value', 'must be a decimal string');
    if (significantDigits(v) > MAX_SIGNIFICANT_DIGITS) fail('payload.value', 'at most 15 significant digits');
  }

  let identifier = event.identifier;
  if (identifier === undefined) identifier = ctx.generateIdentifier();
  else if (typeof identifier !== 'string' || identifier.length === 0) fail('identifier', 'must be a non-empty string');

  const ts = event.timestamp;
  let timestamp: string;
  if (ts === undefined) {
    timestamp = timestamps ? timestamps.iso() : new Date(ctx.wallNow()).toISOString();
  } else if (ts instanceof Date) {
    const ms = ts.getTime();
    if (Number.isNaN(ms)) fail('timestamp', 'is an invalid Date');
    checkTimestamp(ms, ctx.wallNow());
    timestamp = ts.toISOString();
  } else if (typeof ts === 'string') {
    const ms = parseDateTime(ts);
    if (Number.isNaN(ms)) fail('timestamp', 'must be an ISO 8601 / RFC 3339 date-time');
    checkTimestamp(ms, ctx.wallNow());
    timestamp = ts;
  } else {
    fail('timestamp', 'must be an ISO date-time string or a Date');
  }

  // Same field order as stripe-node; payload is passed through untouched.
  const json = JSON.stringify({ event_name: eventName, payload, identifier, timestamp });
  const bytes = Buffer.byteLength(json);
  if (bytes > MAX_EVENT_BYTES) fail('payload', `event serialises to ${bytes} bytes, above the 256 KiB request limit`);
  return { json, bytes };
}
