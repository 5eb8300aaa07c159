// --update-expectations: writes the expectations file from a run, like wpt's update-expectations.
// Every non-passing result gets an entry; a person still writes the reasons ("TODO: explain"), and
// reasons and links already written are kept. Entries about scenarios or targets outside this run
// (another shard, another target) are kept as they are; entries matching nothing are dropped.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { UsageError } from '../model/exit-codes.js';
import type { ScenarioResult, ScenarioStatus } from '../model/result.js';
import { decidingEntry, isTodo, matchesId, TODO_REASON, type ExpectationEntry, type Expectations } from '../plan/expectations.js';
import { resultKey } from './expectations.js';
import { yamlLibrary } from '../suite/yaml-library.js';

/** An entry as written to the file (no source position). */
interface WrittenEntry {
  scenario: string;
  target?: string;
  status: ScenarioStatus[];
  reason: string;
  link?: string;
}

interface UpdateInput {
  /** The file as it was, if it existed. */
  previous?: Expectations;
  results: ScenarioResult[];
  suiteIds: string[];
  /** Keys (`target id`) of results that were not run (--bail): they say nothing. */
  notRun?: ReadonlySet<string>;
}

interface Update {
  entries: WrittenEntry[];
  /** Entries of the previous file that the update dropped (stale, or the server now passes). */
  removed: number;
}

export function updateEntries(input: UpdateInput): Update {
  const previous = input.previous?.entries ?? [];
  const notRun = input.notRun ?? new Set<string>();
  const judged = input.results.filter((r) => !notRun.has(resultKey(r)));
  const decided = new Map<ExpectationEntry, ScenarioResult[]>();
  for (const r of judged) {
    const e = decidingEntry(previous, r.id, r.target);
    if (e) decided.set(e, [...(decided.get(e) ?? []), r]);
  }

  const kept: WrittenEntry[] = [];
  /** Results that need an entry of their own, with what to inherit from the entry that decided them. */
  const explicit: { result: ScenarioResult; from?: ExpectationEntry }[] = [];
  let removed = 0;
  for (const e of previous) {
    const own = decided.get(e);
    if (!own) {
      // Outside this run (kept) or matching no scenario at all (stale: dropped).
      if (input.suiteIds.some((id) => matchesId(e.scenario, id))) kept.push(strip(e));
      else removed++;
      continue;
    }
    const holds = (r: ScenarioResult) => e.status.includes(r.status) || r.status === 'skip';
    if (own.every(holds)) {
      kept.push(strip(e));
      continue;
    }
    // A pass under an entry that does not allow one: the entry has to go, or it would keep
    // calling that pass unexpected. Otherwise the entry stays for the results it still describes.
    const somePass = own.some((r) => r.status === 'pass');
    if (!somePass && own.some(holds)) kept.push(strip(e));
    else removed++;
    for (const r of own) if (r.status !== 'pass' && (somePass || !holds(r))) explicit.push({ result: r, from: e });
  }
  // Non-passing results nothing decided yet.
  for (const r of judged) {
    if (r.status !== 'pass' && !decidingEntry(previous, r.id, r.target)) explicit.push({ result: r });
  }

  const entries = [...kept, ...mergeTargets(explicit, judged)];
  entries.sort((a, b) => a.scenario.localeCompare(b.scenario) || (a.target ?? '').localeCompare(b.target ?? ''));
  return { entries, removed };
}

function strip(e: ExpectationEntry): WrittenEntry {
  return { scenario: e.scenario, ...(e.target !== undefined ? { target: e.target } : {}), status: e.status, reason: e.reason, ...(e.link !== undefined ? { link: e.link } : {}) };
}

function fromResult(r: ScenarioResult, from: ExpectationEntry | undefined, withTarget: boolean): WrittenEntry {
  // A known-intermittent list that still holds the new status is kept as it is; a skip says nothing
  // about the server, so it keeps whatever was expected before.
  const status = from && (from.status.includes(r.status) || r.status === 'skip') ? from.status : [r.status];
  return {
    scenario: r.id,
    ...(withTarget ? { target: r.target } : {}),
    status,
    reason: from?.reason ?? TODO_REASON,
    ...(from?.link !== undefined ? { link: from.link } : {}),
  };
}

/** One entry per scenario when every target it ran on agrees; otherwise one per target. */
function mergeTargets(explicit: { result: ScenarioResult; from?: ExpectationEntry }[], judged: ScenarioResult[]): WrittenEntry[] {
  const byId = new Map<string, { result: ScenarioResult; from?: ExpectationEntry }[]>();
  for (const x of explicit) byId.set(x.result.id, [...(byId.get(x.result.id) ?? []), x]);
  const out: WrittenEntry[] = [];
  for (const [id, list] of byId) {
    const ranOn = judged.filter((r) => r.id === id).length;
    const unscoped = list.map((x) => fromResult(x.result, x.from, false));
    const same = unscoped.every((e) => JSON.stringify(e) === JSON.stringify(unscoped[0]));
    if (same && list.length === ranOn) out.push(unscoped[0]!);
    else out.push(...list.map((x) => fromResult(x.result, x.from, true)));
  }
  return out;
}

/** The file's text: a header saying how it was made, then the fields in schema order. */
export function renderExpectations(entries: WrittenEntry[], meta: { suiteVersion: string; notes?: string }): string {
  const doc = new (yamlLibrary().Document)({
    suite_version: meta.suiteVersion,
    ...(meta.notes !== undefined ? { notes: meta.notes } : {}),
    expectations: entries.map((e) => ({ ...e, status: e.status.length === 1 ? e.status[0] : e.status })),
  });
  doc.commentBefore =
    ' Expectations for bearer-conformance --expectations (format: spec/expectations.schema.json).\n' +
    ' Written by --update-expectations; replace every "TODO: explain" with the reason, and add a link\n' +
    ' to the issue that tracks it. A scenario without an entry is expected to pass.';
  return doc.toString({ lineWidth: 0 });
}

export async function writeExpectations(file: string, text: string): Promise<void> {
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, text, 'utf8');
  } catch (error) {
    throw new UsageError(`Cannot write the expectations file ${file} (${(error as Error).message}); give --update-expectations a path in a writable directory.`);
  }
}

export function countTodo(entries: WrittenEntry[]): number {
  return entries.filter((e) => isTodo(e.reason)).length;
}
