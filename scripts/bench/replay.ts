// A plain undici loop that sends the requests a suite run made, to price the runner's own work.
// Each scenario's requests go out in order; scenarios run `concurrency` at a time per target, as the
// runner schedules them. Fresh servers issue fresh tokens and ids, so every value a sign-up or
// sign-in answered in the recorded run is replaced by the one the replayed request got back; the
// replayed requests thus authenticate as the recorded ones did (values the runner signed itself
// with the old secret do not carry over and go out unauthenticated).
import { Agent, request } from 'undici';
import type { Exchange } from '../../conformance/model/result.js';

export interface RecordedScenario {
  /** The target (profile) name the scenario ran on. */
  target: string;
  exchanges: Exchange[];
}

export interface ReplayStats {
  requests: number;
  /** Requests that got no answer (the recorded run did answer them). */
  failures: number;
}

/**
 * Replays the scenarios; `baseUrlOf(target)` gives the new server's base URL for a target name.
 * Resolves once every request has been answered.
 */
export async function replay(
  scenarios: RecordedScenario[],
  baseUrlOf: (target: string) => string,
  options: { concurrency: number },
): Promise<ReplayStats> {
  const agent = new Agent({ connections: 64 });
  const stats: ReplayStats = { requests: 0, failures: 0 };
  try {
    const byTarget = new Map<string, RecordedScenario[]>();
    for (const s of scenarios) byTarget.set(s.target, [...(byTarget.get(s.target) ?? []), s]);
    await Promise.all(
      [...byTarget].map(async ([target, list]) => {
        const origin = new URL(baseUrlOf(target)).origin;
        let next = 0;
        const worker = async () => {
          while (next < list.length) await replayScenario(list[next++]!, origin, agent, stats);
        };
        await Promise.all(Array.from({ length: Math.min(options.concurrency, list.length) }, worker));
      }),
    );
  } finally {
    await agent.close();
  }
  return stats;
}

async function replayScenario(s: RecordedScenario, origin: string, agent: Agent, stats: ReplayStats): Promise<void> {
  const substitutions = new Map<string, string>();
  for (const ex of s.exchanges) {
    const rewrite = (text: string) => substitute(text, substitutions);
    const url = new URL(ex.request.url);
    const target = origin + rewrite(url.pathname + url.search);
    stats.requests++;
    try {
      const res = await request(target, {
        dispatcher: agent,
        method: ex.request.method as 'GET',
        headers: ex.request.headers.flatMap(([n, v]) => [n, Buffer.from(rewrite(v), 'utf8').toString('latin1')]),
        body: ex.request.body === undefined ? undefined : rewrite(ex.request.body),
      });
      const body = await res.body.text();
      if (ex.response) learn(substitutions, ex.response, { headers: res.headers, body });
    } catch {
      stats.failures++;
    }
  }
}

/** Pairs the recorded answer's tokens and ids with the replayed answer's. */
function learn(
  map: Map<string, string>,
  recorded: NonNullable<Exchange['response']>,
  replayed: { headers: Record<string, string | string[] | undefined>; body: string },
): void {
  const pair = (from: unknown, to: unknown) => {
    if (typeof from !== 'string' || typeof to !== 'string' || from === '' || from === to) return;
    map.set(from, to);
    map.set(encodeURIComponent(from), encodeURIComponent(to));
  };
  const oldToken = recorded.headers.find(([n]) => n.toLowerCase() === 'set-auth-token')?.[1];
  pair(oldToken, replayed.headers['set-auth-token']);
  const oldBody = parseJson(recorded.body);
  const newBody = parseJson(replayed.body);
  pair(oldBody?.token, newBody?.token);
  pair(oldBody?.user?.id, newBody?.user?.id);
}

function parseJson(text: string): { token?: unknown; user?: { id?: unknown } } | null {
  try {
    const value = JSON.parse(text);
    return typeof value === 'object' && value !== null ? value : null;
  } catch {
    return null;
  }
}

/** Replaces every recorded value by its replayed counterpart, longest first (a signed value holds its token). */
function substitute(text: string, map: Map<string, string>): string {
  if (map.size === 0) return text;
  let out = text;
  for (const [from, to] of [...map].sort((a, b) => b[0].length - a[0].length)) out = out.split(from).join(to);
  return out;
}
