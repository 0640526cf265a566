// Hand-written MethodSpecs standing in for generated code in runtime tests.

import { multipartEncoding, type MethodSpec } from '../../runtime/index.js';

export const specs = {
  retrieveCustomer: { method: 'GET', path: '/v1/customers/{customer}', pathParams: ['customer'], host: 'api', encoding: 'form' },
  updateCustomer: { method: 'POST', path: '/v1/customers/{customer}', pathParams: ['customer'], host: 'api', encoding: 'form' },
  createCustomer: { method: 'POST', path: '/v1/customers', pathParams: [], host: 'api', encoding: 'form' },
  deleteCustomer: { method: 'DELETE', path: '/v1/customers/{customer}', pathParams: ['customer'], host: 'api', encoding: 'form' },
  listCustomers: { method: 'GET', path: '/v1/customers', pathParams: [], host: 'api', encoding: 'form', page: 'list' },
  searchCustomers: { method: 'GET', path: '/v1/customers/search', pathParams: [], host: 'api', encoding: 'form', page: 'search' },
  updateSubscription: { method: 'POST', path: '/v1/subscriptions/{subscription_exposed_id}', pathParams: ['subscription_exposed_id'], host: 'api', encoding: 'form' },
  createCheckoutSession: { method: 'POST', path: '/v1/checkout/sessions', pathParams: [], host: 'api', encoding: 'form' },
  createFile: { method: 'POST', path: '/v1/files', pathParams: [], host: 'files', encoding: multipartEncoding },
  meterEventStream: { method: 'POST', path: '/v2/billing/meter_event_stream', pathParams: [], host: 'meterEvents', encoding: 'json' },
  meterEventSession: { method: 'POST', path: '/v2/billing/meter_event_session', pathParams: [], host: 'api', encoding: 'json' },
  listV2Events: { method: 'GET', path: '/v2/core/events', pathParams: [], host: 'api', encoding: 'json', page: 'v2list' },
  deleteV2Thing: { method: 'DELETE', path: '/v2/core/event_destinations/{id}', pathParams: ['id'], host: 'api', encoding: 'json' },
} as const satisfies Record<string, MethodSpec>;
