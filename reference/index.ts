// Public entry of the reference server.
//
//   createReferenceServer(options) -> { url, schemaUrl, close }   the server other tools start
//   createReferenceApp(options)    -> { respond, handle, listen }  the same server, to wrap (variants)
//   createBearerPlugin(overrides)  -> BearerPlugin                 the bearer plugin, part by part
import { createReferenceApp } from './app.js';
import type { ReferenceOptions } from './options.js';
import type { ReferenceServer } from './server.js';

export { createReferenceApp, type ReferenceApp } from './app.js';
export { createBearerPlugin, defaultBearerParts, SET_AUTH_TOKEN, type BearerParts, type BearerPluginOptions } from './bearer.js';
export { SESSION_COOKIE } from './cookies.js';
export { type AuthRequest, type Reply, type Responder, ResponseHeaders } from './messages.js';
export { OptionsError, type ReferenceOptions, type ResolvedOptions } from './options.js';
export type { BearerPlugin, CredentialInput, ResponseInput, SessionCookieRead, SessionCookieWrite } from './plugin.js';
export { CORE_SCHEMA, type SchemaContribution, type SchemaDescription } from './schema.js';
export { signatureOf, signToken, verifySignedToken } from './sign.js';
export type { ReferenceServer } from './server.js';

/** Starts the reference server; resolves once it listens. Throws OptionsError on a bad option. */
export function createReferenceServer(options: ReferenceOptions = {}): Promise<ReferenceServer> {
  return createReferenceApp(options).listen();
}
