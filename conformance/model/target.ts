// The server under test as the runner knows it, and the origin sent when a target names none.

/** What the runner knows about the server under test. */
export interface Target {
  /** A label for reports, e.g. 'permissive' or the host name. */
  name: string;
  /** Base URL including the base path, e.g. http://127.0.0.1:3000/api/auth. */
  url: string;
  requireSignature: boolean;
  /** The HMAC secret, when known (wire-compatibility profile). Never written into results. */
  secret?: string;
  /** The trusted origin sent as Origin on unsafe methods, e.g. http://localhost:3000. */
  origin: string;
  schemaUrl?: string;
  /** Absolute path of a dump of the target's real schema (table|column lines or a schema description). */
  schemaFile?: string;
  /** Header names the application itself exposes through Access-Control-Expose-Headers. */
  exposedHeaders?: string[];
  /**
   * Extra header lines sent on every request, for a gateway in front of the server (an API key, a
   * deployment-protection bypass). Added when the request leaves, so they are never part of an
   * exchange; their values are scrubbed from output like the secret.
   */
  headers?: [string, string][];
  /** Optional profiles it takes part in (SPEC.md 4.6), e.g. ['better-auth']. */
  profiles?: string[];
  /** Seconds after which it refreshes a used session, when declared (SPEC.md 4.7); 0 is every request. */
  sessionUpdateAge?: number;
}

/**
 * Everything about a target that must never be printed: the secret, the extra header values, and
 * credentials in its URLs (refused when a target is described, plan/target.ts; kept out all the same
 * for a Target built by hand).
 */
export function secretsOf(target: Target): string[] {
  const credentials = [target.url, target.schemaUrl ?? ''].flatMap(urlCredentials);
  return [target.secret ?? '', ...(target.headers ?? []).map(([, value]) => value), ...credentials].filter((s) => s !== '');
}

/** A URL's `user:password` and password, as written and percent-decoded; none when it has none. */
export function urlCredentials(url: string): string[] {
  const at = /^[^:/?#]*:\/*([^/?#]*)@/.exec(url)?.[1];
  if (at === undefined) return [];
  const password = at.includes(':') ? at.slice(at.indexOf(':') + 1) : '';
  const decoded = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  return [at, password, decoded(at), decoded(password)];
}

/**
 * Header names an extra header may not use: the suite sets these itself, per scenario, and a fixed
 * value on every request would change what the scenarios test.
 */
export const RESERVED_HEADER = /^(authorization|cookie|origin|host|content-length|content-type|transfer-encoding|connection|keep-alive|upgrade|te|trailer|expect|sec-fetch-.*|access-control-request-.*)$/i;

export const DEFAULT_ORIGIN = 'http://localhost:3000';
