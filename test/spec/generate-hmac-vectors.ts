// Generates spec/vectors/hmac.json, the HMAC test vectors for porters.
// Regenerate with: npx tsc -p . && node dist/test/spec/generate-hmac-vectors.js
// The output is deterministic: tokens come from a counter hashed with SHA-512, and for each secret
// the generator keeps the first token whose signature shows each wanted character mix.
import { createHash, createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, resolve } from 'node:path';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** The fixed wrong secret the runner's `sign_wrong_secret` filter uses (team contract). */
export const WRONG_SECRET = 'bearer-conformance-wrong-secret';

type Mix = 'plus' | 'slash' | 'plus-slash' | 'alnum';

export interface HmacVector {
  id: string;
  comment: string;
  valid: boolean;
  secret: string;
  token: string;
  signature: string;
  signed: string;
  cookie_value: string;
  /** Only on valid vectors: a server never emits an invalid signed value. */
  set_auth_token_header?: string;
  authorization_header: string;
}

/** A 32-character [A-Za-z0-9] token derived from a counter; rejection sampling keeps it unbiased. */
function tokenFor(n: number): string {
  const bytes = createHash('sha512').update(`bearer-conformance/hmac-vectors/token/${n}`).digest();
  let out = '';
  for (const b of bytes) {
    if (b >= 248) continue; // 248 = 4 * 62
    out += ALPHABET[b % 62];
    if (out.length === 32) return out;
  }
  throw new Error(`counter ${n} did not yield 32 characters; pick another label`);
}

function sign(secret: string, token: string): string {
  return createHmac('sha256', Buffer.from(secret, 'utf8')).update(token, 'utf8').digest('base64');
}

function mixOf(sig: string): Mix {
  const plus = sig.includes('+');
  const slash = sig.includes('/');
  return plus && slash ? 'plus-slash' : plus ? 'plus' : slash ? 'slash' : 'alnum';
}

const MIX_COMMENT: Record<Mix, string> = {
  plus: "signature contains '+' (wire %2B) and no '/'",
  slash: "signature contains '/' (wire %2F) and no '+'",
  'plus-slash': "signature contains both '+' and '/'",
  alnum: "signature holds no '+' or '/', only the '=' padding needs encoding",
};

function vector(id: string, comment: string, valid: boolean, secret: string, token: string, signature: string): HmacVector {
  const signed = `${token}.${signature}`;
  return {
    id,
    comment,
    valid,
    secret,
    token,
    signature,
    signed,
    cookie_value: encodeURIComponent(signed),
    ...(valid ? { set_auth_token_header: `set-auth-token: ${signed}` } : {}),
    authorization_header: `authorization: Bearer ${signed}`,
  };
}

/** First tokens (by counter) whose signature under `secret` has each wanted mix. */
function search(secret: string, wanted: Mix[]): Map<Mix, string> {
  const found = new Map<Mix, string>();
  for (let n = 0; found.size < wanted.length; n++) {
    if (n > 100_000) throw new Error(`no token found for ${wanted.join(', ')} under ${JSON.stringify(secret)}`);
    const token = tokenFor(n);
    const mix = mixOf(sign(secret, token));
    if (wanted.includes(mix) && !found.has(mix)) found.set(mix, token);
  }
  return found;
}

const SECRETS: { name: string; secret: string; note: string; mixes: Mix[] }[] = [
  { name: 'ascii', secret: 'conformance-vector-secret-0123456789', note: 'an ASCII secret', mixes: ['plus', 'slash', 'plus-slash', 'alnum'] },
  {
    name: 'better-auth-default',
    secret: 'better-auth-secret-12345678901234567890',
    note: "better-auth's built-in development secret",
    mixes: ['plus-slash', 'alnum'],
  },
  { name: 'utf8', secret: 'clé-secrète-✓-ключ', note: 'a non-ASCII secret: the key is its UTF-8 bytes', mixes: ['plus-slash'] },
];

export function buildVectors(): object {
  const valid: HmacVector[] = [];
  for (const s of SECRETS) {
    const found = search(s.secret, s.mixes);
    for (const mix of s.mixes) {
      const token = found.get(mix)!;
      valid.push(vector(`${s.name}.${mix}`, `${s.note}; ${MIX_COMMENT[mix]}`, true, s.secret, token, sign(s.secret, token)));
    }
  }

  const base = valid[0]!;
  const other = valid[1]!;
  const sig = base.signature;
  // Same rule as the runner's `tamper` filter: first character replaced by 'A', or 'B' if it is 'A'.
  const tampered = (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1);
  const invalid: HmacVector[] = [
    vector('invalid.tampered', `the signature of ${base.id} with its first character altered`, false, base.secret, base.token, tampered),
    vector(
      'invalid.wrong-secret',
      `${base.id}'s token signed with the wrong secret ${JSON.stringify(WRONG_SECRET)}`,
      false,
      base.secret,
      base.token,
      sign(WRONG_SECRET, base.token),
    ),
    vector(
      'invalid.other-token',
      `${base.id}'s token carrying the valid signature of ${other.id}'s token`,
      false,
      base.secret,
      base.token,
      other.signature,
    ),
  ];

  return {
    description:
      'HMAC test vectors for the bearer conformance spec (spec/SPEC.md, section "Terms"). ' +
      'signature = standard base64 (RFC 4648 section 4, alphabet +/, = padding) of HMAC-SHA256 keyed with the ' +
      'UTF-8 bytes of secret over the bytes of token; signed = token "." signature; ' +
      'cookie_value = encodeURIComponent(signed). Vectors with valid false must fail verification under secret.',
    generator: 'test/spec/generate-hmac-vectors.ts',
    regenerate: 'npx tsc -p . && node dist/test/spec/generate-hmac-vectors.js',
    wrong_secret: WRONG_SECRET,
    vectors: [...valid, ...invalid],
  };
}

export const VECTORS_PATH = resolve(dirname(fileURLToPath(import.meta.url)), '../../../spec/vectors/hmac.json');

export function renderVectors(): string {
  return JSON.stringify(buildVectors(), null, 2) + '\n';
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(VECTORS_PATH, renderVectors());
  console.log(`wrote ${VECTORS_PATH}`);
}
