// Reproducible names (INTERPRETING.md section 18.4): every random choice of a run derives from one seed,
// by what it is for rather than by when it is drawn, so concurrent scenarios drawing in any order get
// the same names on every run with the same seed.
import { createHmac, randomBytes } from 'node:crypto';

/** A fresh seed for a run that was given none; the report states it so the run can be repeated. */
export function newSeed(): string {
  return randomBytes(8).toString('hex');
}

/** `n` bytes determined by the seed and the label alone (HMAC-SHA256 in counter mode). */
export function seededBytes(seed: string, label: string, n: number): Buffer {
  const blocks: Buffer[] = [];
  for (let counter = 0; blocks.length * 32 < n; counter++) {
    blocks.push(createHmac('sha256', seed).update(`${counter}\u0000${label}`).digest());
  }
  return Buffer.concat(blocks).subarray(0, n);
}
