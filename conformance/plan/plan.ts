// planRun: everything a run decides before contacting anything, shared by run() and --list: the
// target (or the embedded profiles), the expectations file, the suite and its selection, and for each
// target which scenarios run and why the others do not. Configuration is checked first (UsageError,
// exit 2), then the scenario files (ScenarioFilesError, exit 3).
import { existsSync } from 'node:fs';
import type { RunOptions } from '../model/options.js';
import type { Registry } from '../model/requirements.js';
import type { Target } from '../model/target.js';
import { loadSuite, type LoadedScenario } from '../suite/load.js';
import { loadRegistry } from '../suite/registry.js';
import { loadSuiteInfo, type SuiteInfo } from '../suite/suite-info.js';
import { profileRuns } from './embedded.js';
import { loadExpectations, type Expectations } from './expectations.js';
import { planTarget, type PlannedScenario } from './needs.js';
import { checkSelection, selectScenarios, type Selection } from './select.js';
import { isEmbedded, resolveTarget, targetFlagsOf } from './target.js';

export interface RunPlan {
  /** The named target; absent for the embedded run, whose targets exist once its servers start. */
  target?: Target;
  suiteInfo: SuiteInfo;
  registry: Registry;
  /** Every scenario of the suite, selected or not. */
  suite: LoadedScenario[];
  /** The scenarios the filters selected, why each other one was left out, and the report's section. */
  selection: Selection;
  /** --expectations, or the file --update-expectations rewrites when it exists (to keep its reasons). */
  expectations?: Expectations;
}

export async function planRun(options: RunOptions): Promise<RunPlan> {
  const flags = targetFlagsOf(options);
  const target = isEmbedded(flags, options.target) ? undefined : await resolveTarget(flags, options.target);
  const filters = checkSelection(options);
  const expectations =
    options.expectations !== undefined
      ? await loadExpectations(options.expectations)
      : options.updateExpectations !== undefined && existsSync(options.updateExpectations)
        ? await loadExpectations(options.updateExpectations, '--update-expectations')
        : undefined;
  // The registry is read once and handed to the loader, which would otherwise parse it again.
  const [suiteInfo, registry] = await Promise.all([loadSuiteInfo(), loadRegistry()]);
  const suite = await loadSuite(options.scenarios, registry.requirements);
  const selection = selectScenarios(suite, registry.requirements, filters);
  return { ...(target ? { target } : {}), suiteInfo, registry, suite, selection, ...(expectations ? { expectations } : {}) };
}

/**
 * What runs on one target: the selected scenarios (on an embedded profile, those of its profile),
 * each with the needs the target does not meet.
 */
export function targetPlan(plan: RunPlan, target: Target): PlannedScenario[] {
  const selected = plan.target ? plan.selection.selected : plan.selection.selected.filter((s) => profileRuns(target, s));
  return planTarget(target, selected);
}
