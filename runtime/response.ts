// What every call resolves to: the parsed body with a non-enumerable
// `lastResponse` describing the HTTP exchange, as stripe-node does.

export interface LastResponse {
  /** Names lower-cased. */
  headers: Record<string, string>;
  requestId: string | undefined;
  statusCode: number;
  apiVersion?: string;
  idempotencyKey?: string;
  stripeAccount?: string;
}

export type Response<T> = T & { lastResponse: LastResponse };

/** Attaches `lastResponse` without making it show up in JSON.stringify or spreads. */
export function withLastResponse<T extends object>(body: T, last: LastResponse): Response<T> {
  Object.defineProperty(body, 'lastResponse', { value: last, enumerable: false, writable: false, configurable: true });
  return body as Response<T>;
}
