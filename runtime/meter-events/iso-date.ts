// Parses RFC 3339 date-times for validation. The canonical toISOString()
// shape (what most callers send) takes a charCode fast path with no call into
// Date (about 3x cheaper than Date.parse), because it runs once per event on
// the hot path.

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

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil): exact for every year, unlike Date.UTC for 0-99. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
}

/** Digit at `i` (0-9), or a value above 9 when it is not one. */
function digitAt(s: string, i: number): number {
  return (s.charCodeAt(i) - 48) >>> 0;
}

/** The last valid date of the fast path (year * 10000 + month * 100 + day) and its epoch ms. */
let lastDateKey = -1;
let lastDateMs = 0;

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
    // The toISOString() shape: every field by arithmetic, no calls into Date.
    const y0 = digitAt(s, 0), y1 = digitAt(s, 1), y2 = digitAt(s, 2), y3 = digitAt(s, 3); // prettier-ignore
    const mo0 = digitAt(s, 5), mo1 = digitAt(s, 6), d0 = digitAt(s, 8), d1 = digitAt(s, 9); // prettier-ignore
    const h0 = digitAt(s, 11), h1 = digitAt(s, 12), mi0 = digitAt(s, 14), mi1 = digitAt(s, 15); // prettier-ignore
    const s0 = digitAt(s, 17), s1 = digitAt(s, 18), f0 = digitAt(s, 20), f1 = digitAt(s, 21), f2 = digitAt(s, 22); // prettier-ignore
    if (y0 > 9 || y1 > 9 || y2 > 9 || y3 > 9 || mo0 > 9 || mo1 > 9 || d0 > 9 || d1 > 9 || h0 > 9 || h1 > 9) return Number.NaN;
    if (mi0 > 9 || mi1 > 9 || s0 > 9 || s1 > 9 || f0 > 9 || f1 > 9 || f2 > 9) return Number.NaN;
    const year = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
    const month = mo0 * 10 + mo1;
    const day = d0 * 10 + d1;
    const hour = h0 * 10 + h1;
    const minute = mi0 * 10 + mi1;
    const second = s0 * 10 + s1;
    if (hour > 23 || minute > 59 || second > 59) return Number.NaN;
    // Events mostly share a date: the day's validity and epoch day are computed once per date.
    const dateKey = year * 10_000 + month * 100 + day;
    if (dateKey !== lastDateKey) {
      if (!validDay(year, month, day)) return Number.NaN;
      lastDateKey = dateKey;
      lastDateMs = daysFromCivil(year, month, day) * 86_400_000;
    }
    return lastDateMs + hour * 3_600_000 + minute * 60_000 + second * 1000 + f0 * 100 + f1 * 10 + f2;
  }
  if (!DATE_TIME_RE.test(s)) return Number.NaN;
  const month = digits(s, 5, 2);
  if (!validDay(digits(s, 0, 4), month, digits(s, 8, 2))) return Number.NaN;
  return Date.parse(s);
}

