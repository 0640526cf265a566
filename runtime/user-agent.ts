// User-Agent and X-Stripe-Client-User-Agent, computed once per client.

import type { AppInfo } from './config.js';

export interface UserAgents {
  v1: string;
  v2: string;
  client: string;
}

function appInfoString(app: AppInfo | undefined): string {
  if (!app) return '';
  let s = app.name;
  if (app.version) s += `/${app.version}`;
  if (app.url) s += ` (${app.url})`;
  return s;
}

export function buildUserAgents(packageVersion: string, app: AppInfo | undefined): UserAgents {
  const appStr = appInfoString(app);
  const ua = (mode: 'v1' | 'v2'): string => `Stripe/${mode} StripeCodegen/${packageVersion}${appStr ? ` ${appStr}` : ''}`;
  const proc = (globalThis as { process?: { version?: string } }).process;
  const client: Record<string, unknown> = {
    bindings_version: packageVersion,
    lang: 'node',
    publisher: 'stripe-codegen',
    typescript: true,
  };
  if (proc?.version) client.lang_version = proc.version;
  if (app) client.application = app;
  return { v1: ua('v1'), v2: ua('v2'), client: JSON.stringify(client) };
}
