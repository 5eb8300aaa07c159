// The requirement-coverage check (issue 3, "Coverage"), over scenario data only, never a server:
// every MUST and SHOULD is judged by a scenario, both require_signature profiles are exercised, and
// every rejection is preceded by a positive control, so a server that rejects everything cannot
// pass. The rules live in lint.ts (one implementation); this is their coverage subset, one problem
// per scenario and kind, for callers that hold scenarios in memory.
import { scenarioRules, suiteRules, type RuleProblem, type ScenarioShape } from './lint.js';
import type { Requirement } from '../model/requirements.js';

export { expectsRejection, type ScenarioShape, type StepShape } from './lint.js';

type CoverageProblemKind = 'uncovered-requirement' | 'unknown-requirement' | 'profile-not-exercised' | 'missing-control';

export interface CoverageProblem {
  kind: CoverageProblemKind;
  message: string;
  /** The scenario concerned, when there is one. */
  scenario?: string;
  file?: string;
  line?: number;
}

const KINDS: readonly string[] = ['uncovered-requirement', 'unknown-requirement', 'profile-not-exercised', 'missing-control'] satisfies CoverageProblemKind[];

export function checkCoverage(scenarios: ScenarioShape[], requirements: Requirement[]): CoverageProblem[] {
  const problems: CoverageProblem[] = [];
  const seen = new Set<string>();
  const take = (p: RuleProblem) => {
    if (!KINDS.includes(p.kind)) return;
    const s = p.scenario === undefined ? undefined : scenarios.find((x) => x.id === p.scenario);
    // A scenario lacking a valid control is told once; other kinds once per message.
    const key = p.kind === 'missing-control' ? `${p.kind} ${p.scenario}` : `${p.kind} ${p.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    problems.push({
      kind: p.kind as CoverageProblemKind,
      message: p.message,
      ...(p.scenario !== undefined ? { scenario: p.scenario } : {}),
      ...(s?.file !== undefined ? { file: s.file } : {}),
      ...(s?.line !== undefined ? { line: s.line } : {}),
    });
  };
  [...suiteRules(scenarios, requirements), ...scenarios.flatMap(scenarioRules)].forEach(take);
  return problems;
}
