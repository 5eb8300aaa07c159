// Password hashing with node:crypto scrypt. Stored form: `<salt hex>:<key hex>`, as better-auth stores it.
// The default cost is deliberately low (N=1024, about 2 ms a hash): this server keeps throwaway
// test passwords in memory, and a conformance run signs up hundreds of actors (node's default
// N=16384 made the embedded run 7 times slower). A production server uses N=2^17 or more (OWASP).
// The option `passwordHashCost` sets N; the mutants command lowers it further, as it runs the suite
// about a hundred times.
// The async call runs on libuv's thread pool, so hashing never blocks other requests.
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

const KEY_LENGTH = 64;
export const DEFAULT_PASSWORD_HASH_COST = 1024;

function derive(password: string, salt: string, cost: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, { N: cost, r: 8, p: 1 }, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export async function hashPassword(password: string, cost = DEFAULT_PASSWORD_HASH_COST): Promise<string> {
  const salt = randomBytes(16).toString('hex');
  const key = await derive(password, salt, cost);
  return `${salt}:${key.toString('hex')}`;
}

/** True when `password` matches `stored`. Constant-time over the derived keys. */
export async function verifyPassword(stored: string, password: string, cost = DEFAULT_PASSWORD_HASH_COST): Promise<boolean> {
  const [salt, keyHex] = stored.split(':');
  if (!salt || !keyHex) return false;
  const expected = Buffer.from(keyHex, 'hex');
  const actual = await derive(password, salt, cost);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
