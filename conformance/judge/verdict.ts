// Per-requirement verdicts and the overall verdict, computed from scenario results. Pure functions:
// the report, every reporter and the programmatic API share one judgement.
import type { Cell, MatrixRow, OverallVerdict, RequirementVerdict, SelectionReport } from '../model/report.js';
import type { Requirement } from '../model/requirements.js';
import { failuresOf, type ScenarioResult } from '../model/result.js';
import type { Registry } from '../model/requirements.js';

interface Judgement {
  verdict: OverallVerdict;
  /** MUST requirements that fail (and SHOULD ones when strict): these make the target non-conforming. */
  failing: string[];
  /** SHOULD (without strict) and MAY requirements that fail: reported, not fatal. */
  warnings: string[];
  inconclusive: string[];
  /** One sentence explaining the verdict. */
  explanation: string;
}

/** Requirements a conformance claim is about: MUST and SHOULD, not withdrawn. */
export function claimedRequirements(registry: Registry): Requirement[] {
  return registry.requirements.filter((r) => !r.withdrawn && (r.level === 'MUST' || r.level === 'SHOULD'));
}

export function buildMatrix(requirements: Requirement[], targetNames: string[], results: ScenarioResult[]): MatrixRow[] {
  return requirements
    .filter((r) => !r.withdrawn)
    .map((req) => {
      const targets: Record<string, Cell> = {};
      for (const name of targetNames) targets[name] = judgeCell(req.id, results.filter((r) => r.target === name));
      return {
        id: req.id,
        level: req.level,
        section: req.section,
        title: req.title,
        text: req.text.trim(),
        ...(req.profile ? { profile: req.profile } : {}),
        ...combine(targets, targetNames.length > 1),
        targets,
      };
    });
}

function judgeCell(id: string, results: ScenarioResult[]): Cell {
  const scenarios: Cell['scenarios'] = { pass: [], fail: [], skip: [], inconclusive: [] };
  // Reason text -> the scenarios it applies to, per outcome; only the deciding outcome's are kept.
  const why = { fail: new Map<string, string[]>(), skip: new Map<string, string[]>(), inconclusive: new Map<string, string[]>() };
  const note = (kind: keyof typeof why, text: string, scenario: string) => {
    scenarios[kind].push(scenario);
    why[kind].set(text, [...(why[kind].get(text) ?? []), scenario]);
  };
  for (const r of results) {
    const failures = failuresOf(r);
    const hit = failures.find((f) => f.requirements.includes(id));
    if (hit) note('fail', hit.message, r.id);
    else if (r.passed.includes(id)) scenarios.pass.push(r.id);
    else if (!r.requirements.includes(id)) continue;
    else if (r.status === 'skip') note('skip', r.reason ?? 'skipped', r.id);
    else if (r.status === 'error') note('inconclusive', `could not run: ${r.reason ?? 'error'}`, r.id);
    else if (r.status === 'fail' && r.reason !== undefined) {
      // It failed on something else, then could not go on (a transport or template error).
      note('inconclusive', `could not finish: ${r.reason}`, r.id);
    } else if (r.status === 'fail') {
      // The scenario cites this requirement but stopped on another one (its last failure) before judging it.
      const stop = failures[failures.length - 1];
      note('inconclusive', `stopped on ${stop?.requirements.join(', ') ?? 'an earlier step'} before judging it`, r.id);
    }
  }
  // Every scenario that judges a requirement has a say: one that could not judge it makes the
  // verdict inconclusive even when others credited it, so partial evidence never reads as a pass.
  const verdict: RequirementVerdict = scenarios.fail.length
    ? 'fail'
    : scenarios.inconclusive.length
      ? 'inconclusive'
      : scenarios.pass.length
        ? 'pass'
        : 'skip';
  const reasons = verdict === 'pass' ? [] : [...why[verdict].entries()].map(([text, ids]) => `${text} (${listIds(ids)})`);
  if (verdict === 'inconclusive' && scenarios.pass.length) {
    reasons.unshift(`partial evidence: it held in ${scenarios.pass.length} of ${scenarios.pass.length + scenarios.inconclusive.length} scenarios judging it (${listIds(scenarios.pass)}), and the others could not judge it`);
  }
  if (verdict === 'skip' && reasons.length === 0) reasons.push('no scenario in this run checks it');
  return { verdict, scenarios, reasons };
}

const IDS_SHOWN = 3;

/** A short list for a sentence: the first few ids, then how many more (the full list is in `scenarios`). */
function listIds(ids: string[]): string {
  const unique = [...new Set(ids)];
  const shown = unique.slice(0, IDS_SHOWN).join(', ');
  return unique.length > IDS_SHOWN ? `${shown} and ${unique.length - IDS_SHOWN} more` : shown;
}

function addReason(cell: Cell, reason: string): void {
  if (!cell.reasons.includes(reason)) cell.reasons.push(reason);
}

/** Across targets: one failing target fails the requirement; otherwise one inconclusive target makes it inconclusive; otherwise one passing target passes it. */
function combine(targets: Record<string, Cell>, prefix: boolean): Cell {
  const out: Cell = { verdict: 'skip', scenarios: { pass: [], fail: [], skip: [], inconclusive: [] }, reasons: [] };
  for (const [name, cell] of Object.entries(targets)) {
    for (const key of ['pass', 'fail', 'skip', 'inconclusive'] as const) {
      for (const id of cell.scenarios[key]) out.scenarios[key].push(prefix ? `${name}/${id}` : id);
    }
  }
  const verdicts = Object.values(targets).map((c) => c.verdict);
  out.verdict = (['fail', 'inconclusive', 'pass', 'skip'] as const).find((v) => verdicts.includes(v)) ?? 'skip';
  const same = Object.entries(targets).filter(([, cell]) => cell.verdict === out.verdict);
  for (const [name, cell] of same) {
    for (const reason of cell.reasons) {
      // A reason every target shares is told once, without naming the targets.
      const shared = same.length === Object.keys(targets).length && same.every(([, other]) => other.reasons.includes(reason));
      addReason(out, prefix && !shared ? `[${name}] ${reason}` : reason);
    }
  }
  return out;
}

/**
 * The overall verdict. A failing MUST (or SHOULD when strict) makes the target non-conforming; a
 * failing SHOULD otherwise only warns. A run that errored, judged nothing, or did not finish (`ended`:
 * the report's selection.deadline or selection.interrupted) cannot claim conformance.
 */
export function judge(rows: MatrixRow[], results: ScenarioResult[], strict: boolean, ended?: Pick<SelectionReport, 'deadline' | 'interrupted'>): Judgement {
  const failingRows = rows.filter((r) => r.verdict === 'fail');
  const fatal = (r: MatrixRow) => r.level === 'MUST' || (strict && r.level === 'SHOULD');
  const failing = failingRows.filter(fatal).map((r) => r.id);
  const warnings = failingRows.filter((r) => !fatal(r)).map((r) => r.id);
  const inconclusive = rows.filter((r) => r.verdict === 'inconclusive').map((r) => r.id);
  const errors = results.filter((r) => r.status === 'error');
  const judged = rows.some((r) => r.verdict === 'pass' || r.verdict === 'fail');

  const cut = endedSentence(ended);
  if (failing.length) {
    const after = cut ? ` Then ${cut}.` : '';
    return { verdict: 'non-conforming', failing, warnings, inconclusive, explanation: `${count(failing.length, 'requirement')} ${failing.length === 1 ? 'fails' : 'fail'}: ${failing.join(', ')}.${after}` };
  }
  // Checked before errors: the run's end is why the rest could not be judged, whatever else happened.
  if (cut) {
    return { verdict: 'inconclusive', failing, warnings, inconclusive, explanation: `${cut[0]!.toUpperCase()}${cut.slice(1)}, so conformance cannot be established.` };
  }
  if (errors.length || inconclusive.length) {
    const what = errors.length ? `${count(errors.length, 'scenario')} could not run` : `${count(inconclusive.length, 'requirement')} could not be judged`;
    return { verdict: 'inconclusive', failing, warnings, inconclusive, explanation: `${what}, so conformance cannot be established.` };
  }
  if (!judged) {
    return { verdict: 'inconclusive', failing, warnings, inconclusive, explanation: 'No requirement was judged: every scenario was skipped.' };
  }
  const warn = warnings.length
    ? ` Warning: ${warnings.join(', ')} ${warnings.length === 1 ? 'fails' : 'fail'} (not MUST level; --strict makes this fatal).`
    : '';
  return { verdict: 'conforming', failing, warnings, inconclusive, explanation: `Every judged MUST requirement holds.${warn}` };
}

/** "the run's deadline (500 ms) passed before 3 scenario runs finished", or undefined when the run finished. */
function endedSentence(ended: Pick<SelectionReport, 'deadline' | 'interrupted'> | undefined): string | undefined {
  if (ended?.deadline) return `the run's deadline (${ended.deadline.ms} ms) passed before ${count(ended.deadline.not_finished, 'scenario run')} finished`;
  if (ended?.interrupted) return `${ended.interrupted.reason} before ${count(ended.interrupted.not_finished, 'scenario run')} finished`;
  return undefined;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
