// --shard i/n: splits the selected scenarios across CI jobs. Scenario ids, sorted, are dealt round
// robin, so every job of the same suite and flags computes the same split, the shards are disjoint,
// their union is the whole selection, and their sizes differ by at most one.
import { UsageError } from '../model/exit-codes.js';

export interface Shard {
  /** 1-based */
  index: number;
  total: number;
}

export function parseShard(text: string): Shard {
  const m = /^\s*([0-9]+)\s*\/\s*([0-9]+)\s*$/.exec(text);
  const index = Number(m?.[1]);
  const total = Number(m?.[2]);
  if (!m || total < 1 || index < 1 || index > total || !Number.isSafeInteger(total)) {
    throw new UsageError(`--shard takes i/n with 1 <= i <= n, such as --shard 2/4 for the second of four CI jobs, but got "${text}".`);
  }
  return { index, total };
}

export function formatShard(shard: Shard): string {
  return `${shard.index}/${shard.total}`;
}

/** The 1-based shard of each id: ids are sorted and dealt round robin. */
export function shardNumbers(ids: Iterable<string>, total: number): Map<string, number> {
  const sorted = [...new Set(ids)].sort();
  return new Map(sorted.map((id, i) => [id, (i % total) + 1]));
}
