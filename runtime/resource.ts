// Base class of every generated resource: holds the client it calls through.

import type { StripeClient } from './client.js';

export class StripeResource {
  constructor(protected readonly _client: StripeClient) {}
}
