// Base class of every generated resource: holds the client and forwards calls to it. The
// forwarding methods keep each generated method a one-line `return this._request(...)`.

import type { StripeClient } from './client.js';
import type { RequestOptions } from './config.js';
import type { ListObject, ListPromise, PageObject } from './pagination.js';
import type { Response } from './response.js';
import type { MethodSpec } from './spec.js';

export class StripeResource {
  constructor(protected readonly _client: StripeClient) {}

  protected _request<T>(spec: MethodSpec, pathArgs: readonly string[], params: object | undefined, options: RequestOptions | undefined): Promise<Response<T>> {
    return this._client._request<T>(spec, pathArgs, params, options);
  }

  protected _requestList<T, P extends PageObject<T> = ListObject<T>>(
    spec: MethodSpec,
    pathArgs: readonly string[],
    params: object | undefined,
    options: RequestOptions | undefined,
  ): ListPromise<T, P> {
    return this._client._requestList<T, P>(spec, pathArgs, params, options);
  }
}
