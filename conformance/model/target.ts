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
  /** Header names the application itself exposes through Access-Control-Expose-Headers. */
  exposedHeaders?: string[];
}

export const DEFAULT_ORIGIN = 'http://localhost:3000';
