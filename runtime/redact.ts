// Hides secrets (API keys, session tokens, webhook secrets) before anything
// reaches an error message, a log line or an event. At most the prefix and the
// last four characters survive: `sk_test_...abcd`.

const PREFIXED = /^([a-z]{2,5}_(?:test|live)_)/;
/** Secret-looking substrings inside free text (server messages, headers echoed back). */
const SECRET_IN_TEXT = /\b(?:sk|rk|pk|ek|whsec)_[A-Za-z0-9_]{4,}/g;

/** `sk_test_51abcd` → `sk_test_...abcd`; short or unrecognised values show no more than the last four characters. */
export function redact(secret: string | undefined | null): string {
  if (!secret) return '<empty>';
  const tail = secret.length > 12 ? secret.slice(-4) : '';
  const prefix = PREFIXED.exec(secret)?.[1] ?? (secret.startsWith('whsec_') ? 'whsec_' : '');
  return `${prefix}...${tail}`;
}

/** Replaces every secret-looking token in a piece of text with its redacted form. */
export function redactText(text: string): string {
  return text.replace(SECRET_IN_TEXT, (m) => redact(m));
}

/** A copy of request headers safe to show: Authorization is masked, never echoed. */
export function redactHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(headers)) {
    out[k] = k.toLowerCase() === 'authorization' ? `Bearer ${redact(headers[k].replace(/^Bearer\s+/i, ''))}` : headers[k];
  }
  return out;
}
