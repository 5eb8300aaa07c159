// Random identifiers. better-auth uses 32 characters of [A-Za-z0-9] for session tokens and row ids.
import { randomInt } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `length` characters drawn uniformly from [A-Za-z0-9] with a cryptographic generator. */
export function randomAlphanumeric(length = 32): string {
  let out = '';
  // randomInt is unbiased, unlike `byte % 62`.
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

/** A new session token: 32 characters of [A-Za-z0-9]. */
export function newSessionToken(): string {
  return randomAlphanumeric(32);
}

/** A new row id (user, account, session). */
export function newId(): string {
  return randomAlphanumeric(32);
}
