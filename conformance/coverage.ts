// The requirement-coverage check (issue 3, "Coverage"): run by a test in `npm test` and by `lint`.
// It looks only at scenario data, never at a server: every MUST and SHOULD is cited by a scenario,
// both require_signature profiles are exercised, and every rejection has a positive control, so a
// server that rejects everything cannot pass.
import type { Requirement } from './verdict.js';

/** The parts of a scenario this check reads (a loaded scenario has at least these). */
export interface ScenarioShape {
  id: string;
  requirements: string[];
  needs?: { require_signature?: boolean };
  steps: StepShape[];
  file?: string;
  line?: number;
}

export interface StepShape {
  name: string;
  control?: boolean;
  requirements?: string[];
  expect?: { status?: number | number[]; body_null?: boolean; session_of?: string | null; session_ids?: unknown[] };
}

export type CoverageProblemKind = 'uncovered-requirement' | 'unknown-requirement' | 'profile-not-exercised' | 'missing-control';

export interface CoverageProblem {
  kind: CoverageProblemKind;
  message: string;
  /** The scenario concerned, when there is one. */
  scenario?: string;
  file?: string;
  line?: number;
}

export function checkCoverage(scenarios: ScenarioShape[], requirements: Requirement[]): CoverageProblem[] {
  const problems: CoverageProblem[] = [];
  const cited = new Set(scenarios.flatMap(citedBy));

  for (const req of requirements) {
    if (req.withdrawn || (req.level !== 'MUST' && req.level !== 'SHOULD')) continue;
    if (!cited.has(req.id)) {
      problems.push({
        kind: 'uncovered-requirement',
        message: `${req.id} (${req.level}: ${req.title}) is cited by no scenario; add a scenario whose requirements name it.`,
      });
    }
  }

  const known = new Set(requirements.map((r) => r.id));
  for (const s of scenarios) {
    for (const id of new Set(citedBy(s))) {
      if (!known.has(id)) {
        problems.push({ ...where(s), kind: 'unknown-requirement', message: `Scenario ${s.id} cites ${id}, which spec/requirements.yaml does not define; fix the ID.` });
      }
    }
  }

  for (const value of [true, false]) {
    if (!scenarios.some((s) => s.needs?.require_signature === value)) {
      problems.push({
        kind: 'profile-not-exercised',
        message: `No scenario needs require_signature: ${value}, so that profile is never exercised; add one with needs: {require_signature: ${value}}.`,
      });
    }
  }

  for (const s of scenarios) {
    const rejection = s.steps.find(expectsRejection);
    if (!rejection) continue;
    const controls = s.steps.filter((step) => step.control === true);
    if (controls.length === 0) {
      problems.push({
        ...where(s),
        kind: 'missing-control',
        message: `Scenario ${s.id} expects a rejection (step "${rejection.name}") but has no control: true step; add a step that sends the valid form of the request and expects session_of its actor.`,
      });
      continue;
    }
    for (const control of controls) {
      if (!identifiesActor(control) || expectsRejection(control)) {
        problems.push({
          ...where(s),
          kind: 'missing-control',
          message: `Control step "${control.name}" of scenario ${s.id} does not prove acceptance; make it expect session_of (or session_ids) of an actor, not a rejection.`,
        });
      }
    }
  }
  return problems;
}

function citedBy(s: ScenarioShape): string[] {
  return [...s.requirements, ...s.steps.flatMap((step) => step.requirements ?? [])];
}

function where(s: ScenarioShape): Pick<CoverageProblem, 'scenario' | 'file' | 'line'> {
  return { scenario: s.id, ...(s.file !== undefined ? { file: s.file } : {}), ...(s.line !== undefined ? { line: s.line } : {}) };
}

/** A step that passes only when the server refuses to authenticate: body null, 401, or "no session". */
export function expectsRejection(step: StepShape): boolean {
  const e = step.expect;
  if (!e) return false;
  const statuses = e.status === undefined ? [] : Array.isArray(e.status) ? e.status : [e.status];
  const unauthorized = statuses.includes(401) && statuses.every((s) => s >= 400);
  return e.body_null === true || unauthorized || ('session_of' in e && (e.session_of === null || e.session_of === ''));
}

function identifiesActor(step: StepShape): boolean {
  const e = step.expect;
  return Boolean(e && ((typeof e.session_of === 'string' && e.session_of !== '') || Array.isArray(e.session_ids)));
}
