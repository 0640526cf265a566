// v2 JSON bodies. `PreEncodedJson` lets a caller that already serialised the
// body (the meter-event stream batches events ahead of time) skip a second
// JSON.stringify on the hot path.

/** A JSON body serialised in advance; sent verbatim. */
export class PreEncodedJson {
  constructor(readonly body: string) {}
}

/**
 * JSON body for v2. `undefined` fields drop out and `null` stays (v2 uses it to
 * unset); Dates become ISO-8601 strings, which is what v2 `date-time` fields take.
 */
export function encodeJson(data: object | undefined): string {
  if (data instanceof PreEncodedJson) return data.body;
  return data === undefined ? '{}' : JSON.stringify(data);
}
