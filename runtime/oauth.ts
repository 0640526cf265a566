// `stripe.oauth`: Stripe Connect's OAuth endpoints on connect.stripe.com, with
// stripe-node's methods and defaults (response_type `code`, scope `read_write`,
// the client id set by `stripe.setClientId`). Errors come back as the OAuth
// error classes (StripeInvalidGrantError, ...).

import type { RawRequestOptions, RequestOptions } from './config.js';
import { encodeForm } from './encoding/form.js';
import { toOAuthError } from './errors-oauth.js';
import type { Response } from './response.js';

export interface OAuthAuthorizeUrlParams {
  client_id?: string;
  response_type?: 'code';
  redirect_uri?: string;
  scope?: 'read_write' | 'read_only';
  state?: string;
  stripe_landing?: 'login' | 'register';
  always_prompt?: boolean;
  suggested_capabilities?: string[];
  stripe_user?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface OAuthAuthorizeUrlOptions {
  /** Express accounts use `/express/oauth/authorize`. */
  express?: boolean;
}

export interface OAuthTokenParams {
  grant_type: 'authorization_code' | 'refresh_token';
  code?: string;
  refresh_token?: string;
  scope?: string;
  assert_capabilities?: string[];
}

export interface OAuthToken {
  access_token?: string;
  scope?: string;
  livemode?: boolean;
  token_type?: 'bearer';
  refresh_token?: string;
  stripe_user_id?: string;
  stripe_publishable_key?: string;
}

export interface OAuthDeauthorizeParams {
  client_id?: string;
  stripe_user_id: string;
}

export interface OAuthDeauthorization {
  stripe_user_id: string;
}

/** What OAuth needs from the client that owns it. */
export interface OAuthHost {
  readonly client: { rawRequest(method: 'POST', path: string, params: object, options: RawRequestOptions): Promise<Response<Record<string, unknown>>> };
  /** `https://connect.stripe.com`, or the configured host. */
  readonly connectOrigin: string;
  getClientId(): string | undefined;
}

export class OAuth {
  constructor(private readonly host: OAuthHost) {}

  /** The URL to send a user to so they connect their account (no request is made). */
  authorizeUrl(params: OAuthAuthorizeUrlParams = {}, options: OAuthAuthorizeUrlOptions = {}): string {
    const p: OAuthAuthorizeUrlParams = { ...params };
    p.response_type ||= 'code';
    p.client_id ||= this.host.getClientId();
    p.scope ||= 'read_write';
    const path = options.express ? 'express/oauth/authorize' : 'oauth/authorize';
    // Always https and no port, as in stripe-node (the browser goes there, not this process).
    const connectHost = new URL(this.host.connectOrigin).hostname;
    return `https://${connectHost}/${path}?${encodeForm(p)}`;
  }

  /** Exchanges an authorization code (or refresh token) for the connected account's credentials. */
  token(params: OAuthTokenParams, options?: RequestOptions): Promise<Response<OAuthToken>> {
    return this.post<OAuthToken>('/oauth/token', params, options);
  }

  /** Disconnects an account from your platform. */
  deauthorize(params: OAuthDeauthorizeParams, options?: RequestOptions): Promise<Response<OAuthDeauthorization>> {
    return this.post<OAuthDeauthorization>('/oauth/deauthorize', { ...params, client_id: params.client_id || this.host.getClientId() }, options);
  }

  private async post<T>(path: string, params: object, options: RequestOptions | undefined): Promise<Response<T>> {
    try {
      return (await this.host.client.rawRequest('POST', path, params, { ...options, apiBase: 'connect' })) as Response<T>;
    } catch (e) {
      throw toOAuthError(e);
    }
  }
}
