// What the fuzzer generates: abstract requests, with fast-check arbitraries for them. A case names
// actors by index and credential forms by name; the real tokens exist only at run time
// (resolve.ts turns a case into a request), so fast-check can shrink a case freely.
import fc from 'fast-check';

export const ACTORS = 4;

/** How a credential of an actor is spelled before any mutation. */
export const FORMS = [
  'raw', // the raw session token (body.token)
  'signed', // <token>.<sig>, decoded spelling (set-auth-token)
  'encoded', // percent-encoded spelling (Set-Cookie)
  'encoded-lower', // %2b %2f %3d
  'encoded-partial', // only some of + / = encoded
  'encoded-all', // every character as %XX
  'double-encoded', // encodeURIComponent twice
  'dot-encoded', // the dot as %2E
  'base64url-sig', // the HMAC in base64url without padding
  'unpadded-sig', // standard base64 without the trailing =
  'wrong-secret', // signed with another secret
  'swapped-sig', // this actor's token with another actor's signature
  'stale', // correctly signed value of a session that no longer exists
  'token-dot', // <token>.
  'dot-sig', // .<sig>
  'raw-of-other-case', // the token with its letter case flipped
] as const;
export type Form = (typeof FORMS)[number];

export type Base = { kind: 'actor'; actor: number; form: Form; other: number; variant: number } | { kind: 'junk'; text: string };

export type Mutation =
  | { op: 'replace'; at: number; ch: string }
  | { op: 'insert'; at: number; text: string }
  | { op: 'delete'; at: number; n: number }
  | { op: 'truncate'; at: number }
  | { op: 'append'; text: string }
  | { op: 'prepend'; text: string }
  | { op: 'swapcase'; at: number }
  | { op: 'repeat'; times: number }
  | { op: 'concat'; sep: string; other: Base };

export interface Credential {
  base: Base;
  mutations: Mutation[];
}

export type AuthorizationHeader = { kind: 'bearer'; lead: string; scheme: string; sep: string; credential: Credential; trail: string } | { kind: 'raw'; text: string };

export type CookiePair =
  | { kind: 'session'; name: string; value: Credential | null; quoted: boolean }
  | { kind: 'other'; name: string; value: string }
  | { kind: 'junk'; text: string };

export interface CookieHeader {
  pairs: CookiePair[];
  separator: string;
}

export type Body =
  | { kind: 'empty' }
  | { kind: 'credentials'; actor: number; email: 'exact' | 'upper' | 'other' | 'missing' | 'number'; password: 'exact' | 'wrong' | 'missing' | 'number' | 'long'; rememberMe: boolean | null }
  | { kind: 'json'; text: string }
  | { kind: 'text'; text: string }
  | { kind: 'huge'; unit: string; times: number };

export type Endpoint = 'get-session' | 'list-sessions' | 'sign-out' | 'sign-in';

export interface FuzzCase {
  profile: 'permissive' | 'signed-only';
  endpoint: Endpoint;
  authorization: AuthorizationHeader[];
  cookie: CookieHeader | null;
  origin: string | null;
  contentType: string | null;
  body: Body;
}

/** Characters a header field value may carry on the wire (undici refuses the rest): HTAB, VCHAR, SP, obs-text. */
const headerChar = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) },
  { weight: 2, arbitrary: fc.integer({ min: 0x80, max: 0xff }).map((c) => String.fromCharCode(c)) },
  { weight: 1, arbitrary: fc.constant('\t') },
);
const randomText = fc.string({ unit: headerChar, maxLength: 60 });
const percentText = fc
  .array(fc.constantFrom('%', '%2', '%zz', '%2B', '%2b', '%2F', '%3D', '%3d', '%2E', '%25', '%00', '%FF', '%E0%A4', '%C3%A9', '%%', '%u0041', '%0A', '%20', 'A', '.', '+', '/', '='), { maxLength: 20 })
  .map((parts) => parts.join(''));
const dotsText = fc.array(fc.constantFrom('.', '..', 'a', 'A.', '.=', ' ', 'Z9'), { maxLength: 12 }).map((parts) => parts.join(''));
const base64Text = fc.string({ unit: fc.constantFrom(...'ABCabc0129+/=.-_'), maxLength: 90 });
export const junkText = fc.oneof(randomText, percentText, dotsText, base64Text, fc.constant(''));

const position = fc.nat({ max: 10_000 });

export const baseArb: fc.Arbitrary<Base> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('actor' as const),
      actor: fc.nat({ max: ACTORS - 1 }),
      form: fc.oneof({ weight: 6, arbitrary: fc.constantFrom<Form>('raw', 'signed', 'encoded') }, { weight: 5, arbitrary: fc.constantFrom(...FORMS) }),
      other: fc.nat({ max: ACTORS - 1 }),
      variant: fc.nat({ max: 255 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('junk' as const), text: junkText }) },
);

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('replace' as const), at: position, ch: headerChar }),
  fc.record({ op: fc.constant('insert' as const), at: position, text: fc.oneof(junkText, fc.constantFrom(' ', '.', '%', '%2B', '\t', ',')) }),
  fc.record({ op: fc.constant('delete' as const), at: position, n: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ op: fc.constant('truncate' as const), at: position }),
  fc.record({ op: fc.constant('append' as const), text: fc.oneof(junkText, fc.constantFrom('.', '=', '==', '%', ' x', '.sig')) }),
  fc.record({ op: fc.constant('prepend' as const), text: fc.oneof(junkText, fc.constantFrom('.', 'Bearer ', '"', ' ')) }),
  fc.record({ op: fc.constant('swapcase' as const), at: position }),
  // Huge values: up to a few hundred copies, beyond node's 16 KiB header limit at the top end.
  fc.record({ op: fc.constant('repeat' as const), times: fc.oneof(fc.integer({ min: 2, max: 10 }), fc.integer({ min: 50, max: 400 })) }),
  fc.record({ op: fc.constant('concat' as const), sep: fc.constantFrom('', ' ', ',', ', ', ';', '.', '\t'), other: baseArb }),
);

export const credentialArb: fc.Arbitrary<Credential> = fc.record({
  base: baseArb,
  mutations: fc.oneof({ weight: 3, arbitrary: fc.constant<Mutation[]>([]) }, { weight: 1, arbitrary: fc.array(mutationArb, { minLength: 1, maxLength: 3 }) }),
});

const casedBearer = fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }).map((upper) => [...'bearer'].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join(''));

const authorizationArb: fc.Arbitrary<AuthorizationHeader> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('bearer' as const),
      lead: fc.constantFrom('', '', '', ' ', '\t'),
      scheme: fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom('Bearer', 'bearer', 'BEARER') },
        { weight: 2, arbitrary: casedBearer },
        { weight: 2, arbitrary: fc.constantFrom('Basic', 'Token', 'Bearerx', 'Bear', '', 'Bearer,', 'Bearer:', 'MAC', 'Bearer Bearer') },
      ),
      sep: fc.oneof({ weight: 8, arbitrary: fc.constant(' ') }, { weight: 3, arbitrary: fc.constantFrom('  ', '     ', ' \t', '', ',', '=') }, { weight: 1, arbitrary: fc.constantFrom('\t', ' \xa0') }),
      credential: credentialArb,
      trail: fc.oneof({ weight: 12, arbitrary: fc.constant('') }, { weight: 4, arbitrary: fc.constantFrom(' ', '   ', '\t', ' ,') }, { weight: 1, arbitrary: fc.constantFrom('\xa0', ' \xa0', '\x85') }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('raw' as const), text: junkText }) },
);

const SESSION_COOKIE = 'better-auth.session_token';

const sessionPairArb = fc.record({
  kind: fc.constant('session' as const),
  name: fc.oneof({ weight: 8, arbitrary: fc.constant(SESSION_COOKIE) }, { weight: 1, arbitrary: fc.constantFrom(` ${SESSION_COOKIE}`, 'Better-Auth.Session_Token', 'better-auth.session_token2', '__Host-better-auth.session_token') }),
  value: fc.oneof({ weight: 5, arbitrary: credentialArb }, { weight: 1, arbitrary: fc.constant(null) }),
  quoted: fc.oneof({ weight: 15, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
});

const otherPairArb: fc.Arbitrary<CookiePair> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('other' as const), name: fc.constantFrom('theme', 'sid', 'a', '_ga'), value: junkText }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('junk' as const), text: junkText }) },
);

// Mostly one session cookie among others; now and then none, or two (an open point).
const cookieArb: fc.Arbitrary<CookieHeader> = fc
  .record({
    session: fc.oneof({ weight: 6, arbitrary: sessionPairArb.map((p) => [p]) }, { weight: 1, arbitrary: fc.constant<CookiePair[]>([]) }, { weight: 1, arbitrary: fc.array(sessionPairArb, { minLength: 2, maxLength: 2 }) }),
    others: fc.array(otherPairArb, { maxLength: 2 }),
    at: fc.nat({ max: 2 }),
    separator: fc.constantFrom('; ', '; ', ';', ' ; ', ';;'),
  })
  .map(({ session, others, at, separator }) => {
    const pairs: CookiePair[] = [...others];
    pairs.splice(Math.min(at, pairs.length), 0, ...session);
    return { pairs: pairs.length ? pairs : session, separator };
  });

export const TRUSTED_ORIGIN = 'http://localhost:3000';

const originArb = fc.oneof(
  { weight: 10, arbitrary: fc.constant(null) },
  { weight: 6, arbitrary: fc.constant(TRUSTED_ORIGIN) },
  {
    weight: 3,
    arbitrary: fc.constantFrom('null', `${TRUSTED_ORIGIN}/`, 'HTTP://LOCALHOST:3000', 'http://localhost:3001', 'http://evil.test', ` ${TRUSTED_ORIGIN} `, `${TRUSTED_ORIGIN}, http://evil.test`, ''),
  },
  { weight: 1, arbitrary: junkText },
);

const jsonText = fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null');

const bodyArb: fc.Arbitrary<Body> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ kind: 'empty' as const }) },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('credentials' as const),
      actor: fc.nat({ max: ACTORS - 1 }),
      email: fc.oneof({ weight: 5, arbitrary: fc.constant('exact' as const) }, { weight: 3, arbitrary: fc.constantFrom('upper' as const, 'other' as const, 'missing' as const, 'number' as const) }),
      password: fc.oneof({ weight: 5, arbitrary: fc.constant('exact' as const) }, { weight: 3, arbitrary: fc.constantFrom('wrong' as const, 'missing' as const, 'number' as const, 'long' as const) }),
      rememberMe: fc.constantFrom(null, true, false),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('json' as const), text: jsonText }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('text' as const), text: fc.oneof(junkText, fc.string({ unit: 'binary', maxLength: 40 })) }) },
  // Bodies around the reference's 64 KiB limit.
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('huge' as const), unit: fc.constantFrom('a', '{"a":1}', '[', 'é'), times: fc.integer({ min: 60_000, max: 70_000 }) }) },
);

export const caseArb: fc.Arbitrary<FuzzCase> = fc
  .record({
    profile: fc.constantFrom('permissive' as const, 'signed-only' as const),
    endpoint: fc.oneof(
      { weight: 4, arbitrary: fc.constant('get-session' as const) },
      { weight: 2, arbitrary: fc.constant('list-sessions' as const) },
      { weight: 2, arbitrary: fc.constant('sign-out' as const) },
      { weight: 2, arbitrary: fc.constant('sign-in' as const) },
    ),
    authorization: fc.oneof(
      { weight: 2, arbitrary: fc.constant<AuthorizationHeader[]>([]) },
      { weight: 8, arbitrary: authorizationArb.map((a) => [a]) },
      { weight: 1, arbitrary: fc.array(authorizationArb, { minLength: 2, maxLength: 2 }) },
    ),
    cookie: fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 2, arbitrary: cookieArb }),
    origin: originArb,
    contentType: fc.oneof({ weight: 8, arbitrary: fc.constant('application/json') }, { weight: 1, arbitrary: fc.constantFrom(null, 'text/plain', 'application/json; charset=utf-8') }),
    body: bodyArb,
  })
  // GET requests carry no body; sign-out mostly none.
  .map((c) => (c.endpoint === 'get-session' || c.endpoint === 'list-sessions' ? { ...c, body: { kind: 'empty' as const } } : c));
