// Generated from spec/scenario.schema.json by scripts/codegen/gen-types.ts (npm run gen:types).
// Do not edit: change the schema and regenerate; test/model/schema-types.test.ts checks it.

/**
 * A requirement ID of spec/requirements.yaml, e.g. BEARER-PREC-1.
 */
export type RequirementId = string;
/**
 * An actor or capture name.
 */
export type Name = string;
/**
 * A string in which ${expr} is replaced: expr is a variable followed by zero or more '| filter'. '$$' stands for '$'.
 */
export type Template = string;
/**
 * Where a value comes from in this step's response. A capture that finds nothing fails the step.
 */
export type Capture =
  | {
      /**
       * RFC 6901 JSON Pointer into the response body.
       */
      json: string;
    }
  | {
      /**
       * First value of this response header (name case-insensitive).
       */
      header: string;
    }
  | {
      /**
       * Percent-decoded value of a cookie this response sets; 'session' means the session cookie.
       */
      cookie: string;
    };

/**
 * A file of conformance scenarios for the bearer plugin, format 1.x. Semantics: spec/INTERPRETING.md.
 */
export interface ScenarioFile {
  /**
   * Optional: where editors find this schema.
   */
  $schema?: string;
  /**
   * Version of the scenario format (INTERPRETING.md), "1.<minor>". A runner refuses a major version it does not know.
   */
  format: string;
  description?: string;
  /**
   * @minItems 1
   */
  scenarios: [Scenario, ...Scenario[]];
}
export interface Scenario {
  /**
   * Stable identifier, never reused: dot-separated lowercase words (at least two), e.g. prec.cookie-beats-bearer.
   */
  id: string;
  /**
   * What the scenario shows, as a statement (no must/should/may).
   */
  title: string;
  description?: string;
  /**
   * Requirement IDs this scenario judges. Steps without their own list are attributed to these.
   *
   * @minItems 1
   */
  requirements: [RequirementId, ...RequirementId[]];
  tags?: string[];
  needs?: Needs;
  needs_token?: TokenNeeds;
  /**
   * Users created fresh (sign-up) before the first step, in this order.
   */
  actors?: Name[];
  /**
   * @minItems 1
   */
  steps: [Step, ...Step[]];
}
/**
 * What the target must offer; a scenario whose needs are not met is skipped with the reason.
 */
export interface Needs {
  /**
   * Run only on targets whose require_signature has this value.
   */
  require_signature?: boolean;
  /**
   * The target's secret is known (wire-compatibility profile).
   */
  secret?: true;
  /**
   * The target publishes a schema description URL.
   */
  schema_url?: true;
  /**
   * The user gave a dump of the target's real schema (--schema-file); ${target.schema_file} is its file: URL.
   */
  schema_file?: true;
  /**
   * The target declares the header names its application exposes.
   */
  exposed_headers?: true;
  /**
   * Format 1.1. The target takes part in this optional profile (SPEC.md 4.6).
   */
  profile?: 'better-auth';
  /**
   * Format 1.1. The target declares its session update age, so steps can wait for a refresh.
   */
  session_update_age?: true;
}
/**
 * Format 1.1. The special characters (+ and /) that the signatures of every token this scenario uses contain, exactly; without it, none (INTERPRETING.md section 18.3).
 */
export interface TokenNeeds {
  /**
   * One or both of + and /, each at most once.
   */
  signature_contains: string;
}
export interface Step {
  name: string;
  /**
   * A positive control: shows the valid form is accepted, so the scenario's rejections mean something.
   */
  control?: boolean;
  /**
   * Requirement IDs a failure of this step breaks; defaults to the scenario's.
   *
   * @minItems 1
   */
  requirements?: [RequirementId, ...RequirementId[]];
  request: Request;
  /**
   * Values taken from this step's response, by name; usable in this step's expect and in later steps.
   */
  capture?: {
    [k: string]: Capture;
  };
  expect?: Expect;
  /**
   * Format 1.1. Before sending, wait the target's session update age (plus 100 ms), so the sessions of the scenario are due for a refresh. Needs session_update_age.
   */
  wait_for_refresh?: true;
}
/**
 * Exactly one of path and url; at most one of json and body.
 */
export interface Request {
  method: 'GET' | 'POST' | 'OPTIONS' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';
  /**
   * A template appended to the target's base URL; begins with '/'.
   */
  path?: string;
  /**
   * An absolute URL (a template), such as ${target.schema_url}.
   */
  url?: string;
  /**
   * Adds the field line 'authorization: Bearer <value>' (one space).
   */
  bearer?: string;
  /**
   * Adds the field line 'cookie: <session cookie name>=<percent-encoded value>'.
   */
  cookie?: string;
  /**
   * The kind of client that sends the request, whose headers the runner sends exactly (SPEC.md section 4.8): browser (Origin = the trusted origin on every method, Sec-Fetch-Mode cors, Sec-Fetch-Site, Sec-Fetch-Dest empty), node-fetch (what Node's fetch sends: Sec-Fetch-Mode cors, Accept * /*, Accept-Language *, User-Agent node; no Origin) or native (no Origin, no Fetch Metadata). Absent: the trusted origin as Origin on POST, PUT, PATCH and DELETE, no Fetch Metadata.
   */
  client?: 'browser' | 'node-fetch' | 'native';
  /**
   * Origin header: a template, or false for none. Default: what `client` sends; without client, the target's trusted origin on POST, PUT, PATCH and DELETE and none otherwise.
   */
  origin?: string | false;
  /**
   * Field lines [name, value] sent verbatim, in order, after those made by origin, bearer, cookie and json; names may repeat.
   */
  headers?: [Template, Template][];
  /**
   * A JSON body; strings inside are templates. Adds content-type: application/json.
   */
  json?:
    | {
        [k: string]: unknown;
      }
    | unknown[]
    | string
    | number
    | boolean
    | null;
  /**
   * A string in which ${expr} is replaced: expr is a variable followed by zero or more '| filter'. '$$' stands for '$'.
   */
  body?: string;
}
export interface Expect {
  /**
   * The status code, or the list of acceptable ones.
   */
  status?: number | [number, ...number[]];
  /**
   * An actor or capture name.
   */
  session_of?: string;
  /**
   * A string in which ${expr} is replaced: expr is a variable followed by zero or more '| filter'. '$$' stands for '$'.
   */
  session_id?: string;
  /**
   * The body is the JSON literal null.
   */
  body_null?: true;
  /**
   * Format 1.1. A rejection step (INTERPRETING.md 18.2): the request must not be authenticated, and the body says there is no session: empty, the JSON literal null, or an object whose session and user are absent or null. Authenticating is charged to the step's first requirement; any other difference to BEARER-IGN-1 (get-session) or BEARER-IGN-2.
   */
  unauthenticated?: true;
  /**
   * The JSON body contains this value (subset match; strings are templates).
   */
  json?:
    | {
        [k: string]: unknown;
      }
    | unknown[]
    | string
    | number
    | boolean
    | null;
  /**
   * The body is an array whose elements' id values are exactly this set.
   */
  session_ids?: Template[];
  /**
   * @minItems 1
   */
  headers?: [HeaderExpectation, ...HeaderExpectation[]];
  /**
   * @minItems 1
   */
  cookies?: [CookieExpectation, ...CookieExpectation[]];
  /**
   * Each value is <token>.<sig> with sig = base64(HMAC-SHA256(secret, token)). Needs the secret.
   *
   * @minItems 1
   */
  verifies?: [Template, ...Template[]];
  /**
   * The body is a schema description equal to the core schema (spec/core-schema.json).
   */
  schema_is_core?: true;
  /**
   * Format 1.1. The body is a schema description that lists no table and no field beyond the core schema (spec/core-schema.json); tables and fields may be missing.
   */
  schema_adds_nothing?: true;
}
/**
 * A response header name (case-insensitive) and exactly one of present, absent, equals, contains.
 */
export interface HeaderExpectation {
  name: string;
  /**
   * At least one field line of this header.
   */
  present?: true;
  /**
   * No field line of this header.
   */
  absent?: true;
  /**
   * A string in which ${expr} is replaced: expr is a variable followed by zero or more '| filter'. '$$' stands for '$'.
   */
  equals?: string;
  /**
   * A string in which ${expr} is replaced: expr is a variable followed by zero or more '| filter'. '$$' stands for '$'.
   */
  contains?: string;
}
/**
 * A cookie name and exactly one of set, cleared, untouched, kept, encoded.
 */
export interface CookieExpectation {
  /**
   * A cookie name; 'session' means the session cookie.
   */
  name: string;
  /**
   * The last Set-Cookie of this name is live: non-empty value, Max-Age > 0 if present, else no Expires in the past.
   */
  set?: true;
  /**
   * The last Set-Cookie of this name is not live: empty value, Max-Age <= 0, or (without Max-Age) an Expires in the past.
   */
  cleared?: true;
  /**
   * No Set-Cookie of this name at all.
   */
  untouched?: true;
  /**
   * A string in which ${expr} is replaced: expr is a variable followed by zero or more '| filter'. '$$' stands for '$'.
   */
  kept?: string;
  /**
   * A string in which ${expr} is replaced: expr is a variable followed by zero or more '| filter'. '$$' stands for '$'.
   */
  encoded?: string;
}
