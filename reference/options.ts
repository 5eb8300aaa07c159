// Options of the reference server, their defaults and their checks. Programmatic callers and the
// CLI share these; a bad value throws OptionsError with a sentence saying what to change.
import { randomBytes } from 'node:crypto';
import { createBearerPlugin } from './bearer.js';
import { DEFAULT_PASSWORD_HASH_COST } from './passwords.js';
import type { BearerPlugin } from './plugin.js';

export interface ReferenceOptions {
  /** TCP port; 0 (the default) picks any free port. */
  port?: number;
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
  /** HMAC key for signing session tokens; default: random per process. */
  secret?: string;
  /** When true, only signed bearer tokens are accepted. Default false. */
  requireSignature?: boolean;
  /** Origins allowed by CORS and the POST origin check; default ['http://localhost:3000']. */
  trustedOrigins?: string[];
  /** Application-level Access-Control-Expose-Headers names, sent to trusted origins. */
  exposeHeaders?: string[];
  /** true (default): the bearer plugin; false: no plugin; an object: a variant plugin. */
  bearer?: boolean | BearerPlugin;
  /** Session lifetime in seconds; default 604800 (7 days). Also the cookie's Max-Age. */
  sessionExpiresIn?: number;
  /** get-session extends a session whose last extension is this many seconds old; default 86400. */
  sessionUpdateAge?: number;
  /** Live sessions per user; a new one beyond this deletes the user's oldest. Default 100. */
  maxSessionsPerUser?: number;
  /** scrypt's cost N for password hashes: a power of two from 2 to 2^20; default 1024 (see passwords.ts). */
  passwordHashCost?: number;
}

export interface ResolvedOptions {
  port: number;
  host: string;
  secret: string;
  requireSignature: boolean;
  trustedOrigins: string[];
  exposeHeaders: string[];
  bearer: BearerPlugin | null;
  sessionExpiresIn: number;
  sessionUpdateAge: number;
  maxSessionsPerUser: number;
  passwordHashCost: number;
  /** Where the endpoints live; better-auth's default. */
  basePath: string;
  /** Larger request bodies are answered 413. */
  maxBodyBytes: number;
}

export const DEFAULT_TRUSTED_ORIGIN = 'http://localhost:3000';
export const BASE_PATH = '/api/auth';
export const MAX_BODY_BYTES = 64 * 1024;
/** Far above what a client or the suite needs; keeps a list-sessions answer under about 30 KB. */
export const DEFAULT_MAX_SESSIONS_PER_USER = 100;

export class OptionsError extends Error {
  override name = 'OptionsError';
}

// RFC 9110 section 5.6.2 token characters: what a header name may contain.
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export function resolveOptions(options: ReferenceOptions = {}): ResolvedOptions {
  return {
    port: integerIn('port', options.port ?? 0, 0, 65535),
    host: nonEmpty('host', options.host ?? '127.0.0.1'),
    secret: nonEmpty('secret', options.secret ?? randomBytes(32).toString('base64url')),
    requireSignature: options.requireSignature ?? false,
    trustedOrigins: (options.trustedOrigins ?? [DEFAULT_TRUSTED_ORIGIN]).map(normalizeOrigin),
    exposeHeaders: (options.exposeHeaders ?? []).map(checkHeaderName),
    bearer: resolveBearer(options.bearer ?? true),
    sessionExpiresIn: integerIn('sessionExpiresIn', options.sessionExpiresIn ?? 604800, 1, Number.MAX_SAFE_INTEGER),
    sessionUpdateAge: integerIn('sessionUpdateAge', options.sessionUpdateAge ?? 86400, 0, Number.MAX_SAFE_INTEGER),
    maxSessionsPerUser: integerIn('maxSessionsPerUser', options.maxSessionsPerUser ?? DEFAULT_MAX_SESSIONS_PER_USER, 1, Number.MAX_SAFE_INTEGER),
    passwordHashCost: powerOfTwo('passwordHashCost', options.passwordHashCost ?? DEFAULT_PASSWORD_HASH_COST, 2, 2 ** 20),
    basePath: BASE_PATH,
    maxBodyBytes: MAX_BODY_BYTES,
  };
}

function integerIn(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new OptionsError(`${name} must be a whole number from ${min} to ${max}; got ${String(value)}.`);
  }
  return value;
}

function powerOfTwo(name: string, value: number, min: number, max: number): number {
  integerIn(name, value, min, max);
  if ((value & (value - 1)) !== 0) throw new OptionsError(`${name} must be a power of two; got ${value}.`);
  return value;
}

function nonEmpty(name: string, value: string): string {
  if (typeof value !== 'string' || value === '') throw new OptionsError(`${name} must be a non-empty string.`);
  return value;
}

/** `http://localhost:3000/` and `http://LOCALHOST:3000` both become `http://localhost:3000`, as browsers send it. */
function normalizeOrigin(origin: string): string {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    throw new OptionsError(`trusted origin ${JSON.stringify(origin)} is not a URL; give it as scheme://host[:port], e.g. http://localhost:3000.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new OptionsError(`trusted origin ${JSON.stringify(origin)} must use http or https.`);
  }
  return url.origin;
}

function checkHeaderName(name: string): string {
  if (typeof name !== 'string' || !HEADER_NAME.test(name)) {
    throw new OptionsError(`exposed header ${JSON.stringify(name)} is not a valid header name (letters, digits and !#$%&'*+-.^_\`|~ only).`);
  }
  return name;
}

function resolveBearer(bearer: boolean | BearerPlugin): BearerPlugin | null {
  if (bearer === true) return createBearerPlugin();
  if (bearer === false) return null;
  if (typeof bearer?.selectToken !== 'function' || typeof bearer.onResponse !== 'function') {
    throw new OptionsError('bearer must be true, false or a plugin with selectToken() and onResponse() (see createBearerPlugin).');
  }
  return bearer;
}
