// better-auth's signing format: <value>.<sig>, sig = standard base64 (with padding) of
// HMAC-SHA256 keyed with the secret over <value>. Written here independently of reference/ so the
// suite does not judge the reference with the reference's own code.
import { createHmac } from 'node:crypto';

/** The fixed secret of the sign_wrong_secret filter: a well-formed signature no target accepts. */
export const WRONG_SECRET = 'bearer-conformance-wrong-secret';

export function hmacBase64(value: string, secret: string): string {
  return createHmac('sha256', secret).update(value, 'utf8').digest('base64');
}

export function signValue(value: string, secret: string): string {
  return `${value}.${hmacBase64(value, secret)}`;
}

type Verification = { ok: true } | { ok: false; reason: string; expectedSignature?: string };

/** Whether `signed` is <value>.<sig> (split at the first '.') with the right signature for `secret`. */
export function verifySigned(signed: string, secret: string): Verification {
  const dot = signed.indexOf('.');
  if (dot < 0) return { ok: false, reason: "it has no '.', so it is not a signed value <token>.<sig>" };
  const value = signed.slice(0, dot);
  const sig = signed.slice(dot + 1);
  const expectedSignature = hmacBase64(value, secret);
  if (sig === expectedSignature) return { ok: true };
  return {
    ok: false,
    expectedSignature,
    reason: `its signature '${sig}' is not the HMAC-SHA256 (standard base64, padded) of '${value}' with the secret`,
  };
}
