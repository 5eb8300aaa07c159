// Comparing a run with its expectations file: which results are unexpected (they fail the gate), which
// only warn, and which entries are stale. Unexpected passes and entries that match nothing fail the
// run too: wpt and connectrpc learnt that a silent stale entry hides a regression.
import type { EntryRef, ExpectationsReport, MatchedEntry, UnexpectedKind, UnexpectedResult, UnusedEntry } from '../model/report.js';
import { type ExpectationEntry, type Expectations, decidingEntry, entryMatches, isTodo, matchesId } from '../plan/expectations.js';
import type { Level } from '../model/requirements.js';
import type { ScenarioResult, ScenarioStatus } from '../model/result.js';

interface CompareInput {
  expectations: Expectations;
  results: ScenarioResult[];
  /** Every scenario id of the suite, selected or not: an entry matching none of them is stale. */
  suiteIds: string[];
  /** Keys (`target id`) of results that were not run (--bail): never judged. */
  notRun?: ReadonlySet<string>;
  strict: boolean;
  levelOf: (requirement: string) => Level | undefined;
}

export const resultKey = (r: { id: string; target: string }) => `${r.target} ${r.id}`;

const ref = (e: ExpectationEntry): EntryRef => ({ scenario: e.scenario, ...(e.target !== undefined ? { target: e.target } : {}), line: e.line });

/** Classifies one result against its expectation: undefined when it is as expected (or not judged). */
export function judgeResult(
  r: ScenarioResult,
  entry: ExpectationEntry | undefined,
  strict: boolean,
  levelOf: (requirement: string) => Level | undefined,
): { unexpected: UnexpectedResult; fatal: boolean } | undefined {
  const expected: ScenarioStatus[] = entry ? entry.status : ['pass'];
  // A skip (unmet needs, --bail) is not a result about the server: never unexpected.
  if (expected.includes(r.status) || r.status === 'skip') return undefined;
  // Every failure counts (a scenario may record several); older results carry only `failure`.
  const failures = r.failures?.length ? r.failures : r.failure ? [r.failure] : [];
  const requirements = [...new Set(failures.flatMap((f) => f.requirements))];
  const kind: UnexpectedKind = r.status === 'pass' ? 'unexpected-pass' : r.status === 'error' ? 'unexpected-error' : 'unexpected-failure';
  const wanted = expected.join(' or ');
  const where = entry ? ` (entry at line ${entry.line})` : ' (no entry, so a pass is expected)';
  const message =
    kind === 'unexpected-pass'
      ? `${r.id} passed, but ${wanted} was expected${where}; the server may have been fixed: remove the entry or run --update-expectations.`
      : kind === 'unexpected-error'
        ? `${r.id} could not run (${r.reason ?? 'error'}), but ${wanted} was expected${where}.`
        : `${r.id} failed on ${requirements.join(', ') || 'a check'}, but ${wanted} was expected${where}: ${r.failure?.message ?? ''}`.trimEnd();
  const unexpected: UnexpectedResult = {
    kind,
    id: r.id,
    target: r.target,
    status: r.status,
    expected,
    requirements,
    ...(entry ? { entry: ref(entry) } : {}),
    message,
  };
  // A failure that breaks only SHOULD or MAY requirements warns, as in the verdict, unless strict.
  const fatal = kind !== 'unexpected-failure' || strict || requirements.length === 0 || requirements.some((id) => (levelOf(id) ?? 'MUST') === 'MUST');
  return { unexpected, fatal };
}

export function compareExpectations(input: CompareInput): ExpectationsReport {
  const { expectations, results, strict, levelOf } = input;
  const notRun = input.notRun ?? new Set<string>();
  const decided = new Map<ExpectationEntry, ScenarioResult[]>();
  const unexpected: UnexpectedResult[] = [];
  const warnings: UnexpectedResult[] = [];

  for (const r of results) {
    const entry = decidingEntry(expectations.entries, r.id, r.target);
    if (entry) decided.set(entry, [...(decided.get(entry) ?? []), r]);
    if (notRun.has(resultKey(r))) continue;
    const judged = judgeResult(r, entry, strict, levelOf);
    if (judged) (judged.fatal ? unexpected : warnings).push(judged.unexpected);
  }

  const ranTargets = new Set(results.map((r) => r.target));
  const ranIds = new Set(results.map((r) => r.id));
  const matched: MatchedEntry[] = [];
  const unused: UnusedEntry[] = [];
  const notApplicable: EntryRef[] = [];
  for (const e of expectations.entries) {
    const own = decided.get(e);
    if (own) {
      matched.push({
        ...ref(e),
        status: e.status,
        reason: e.reason,
        ...(e.link !== undefined ? { link: e.link } : {}),
        results: own.map((r) => ({ id: r.id, target: r.target, status: r.status })),
      });
      continue;
    }
    const suiteMatches = input.suiteIds.filter((id) => matchesId(e.scenario, id));
    if (suiteMatches.length === 0) {
      unused.push({
        ...ref(e),
        message: `${expectations.file}:${e.line}:${e.col}: the entry for "${e.scenario}" matches no scenario of the suite; remove it, or fix the id (bearer-conformance --list shows the ids).`,
      });
      continue;
    }
    const inRun = suiteMatches.some((id) => ranIds.has(id)) && (e.target === undefined || ranTargets.has(e.target));
    if (inRun && results.some((r) => entryMatches(e, r.id, r.target))) {
      unused.push({
        ...ref(e),
        message: `${expectations.file}:${e.line}:${e.col}: the entry for "${e.scenario}" decides no result: more specific entries decide every scenario it matches; remove it.`,
      });
      continue;
    }
    notApplicable.push(ref(e));
  }

  return {
    file: expectations.file,
    suite_version: expectations.suiteVersion ?? null,
    entries: expectations.entries.length,
    ok: unexpected.length === 0 && unused.length === 0,
    matched,
    unexpected,
    warnings,
    unused,
    not_applicable: notApplicable,
    todo: expectations.entries.filter((e) => isTodo(e.reason)).map(ref),
  };
}
