// --list: what a run would do, without doing it, from the same plan as the run (plan.ts). For each
// target (the embedded profiles, or the target named by the flags), every scenario of the suite with
// whether it would run and, if not, why: not selected (which filter), or a need the target does not
// meet. Contacts nothing; reporters/list.ts renders it.
import type { RunOptions } from '../model/options.js';
import type { SelectionReport } from '../model/report.js';
import type { ScenarioStatus } from '../model/result.js';
import type { Target } from '../model/target.js';
import { PROFILES, profileRuns, profileTarget } from './embedded.js';
import { decidingEntry } from './expectations.js';
import { planScenario } from './needs.js';
import { planRun } from './plan.js';
import { judgedRequirements } from '../suite/cited.js';

export interface ListedScenario {
  id: string;
  title: string;
  file: string;
  line: number;
  tags: string[];
  /** The requirements it judges (positive controls' excluded). */
  requirements: string[];
  run: boolean;
  /** Why it would not run. */
  reason?: string;
  /** The expected statuses, when an expectations file names this scenario on this target. */
  expected?: ScenarioStatus[];
}

interface ListedTarget {
  name: string;
  /** null for an embedded profile: its server starts with the run. */
  url: string | null;
  requireSignature: boolean;
  scenarios: ListedScenario[];
}

export interface ListReport {
  targets: ListedTarget[];
  selection: SelectionReport;
}

/** The embedded profiles as the run will describe them: the secret, schema URL and exposed header are all given. */
const EMBEDDED_PLACEHOLDER = { url: 'http://127.0.0.1/api/auth', secret: 'embedded', schemaUrl: 'http://127.0.0.1/api/auth/schema', schemaFile: 'schema.txt' };

/** The plan of a run with these options, without contacting any server. */
export async function listRun(options: RunOptions = {}): Promise<ListReport> {
  // --list shows what --expectations expects; the file --update-expectations would rewrite is not read.
  const plan = await planRun({ ...options, updateExpectations: undefined });
  const embedded = plan.target === undefined;
  const targets: Target[] = plan.target ? [plan.target] : PROFILES.map((p) => profileTarget(p, EMBEDDED_PLACEHOLDER));
  const { expectations, selection } = plan;

  return {
    selection: selection.report,
    targets: targets.map((t) => ({
      name: t.name,
      url: embedded ? null : t.url,
      requireSignature: t.requireSignature,
      scenarios: plan.suite.map((s): ListedScenario => {
        const notSelected = selection.excluded.get(s.id);
        const needs = planScenario(t, s);
        const otherProfile = embedded && !profileRuns(t, s);
        const reason = notSelected ?? (otherProfile ? `runs on the other profile: it needs require_signature ${s.needs?.require_signature}` : needs.run ? undefined : needs.reason.replace(/^Skipped: /, 'skipped: '));
        const entry = expectations && decidingEntry(expectations.entries, s.id, t.name);
        return {
          id: s.id,
          title: s.title,
          file: s.file,
          line: s.line,
          tags: s.tags ?? [],
          requirements: judgedRequirements(s),
          run: reason === undefined,
          ...(reason !== undefined ? { reason } : {}),
          ...(entry ? { expected: entry.status } : {}),
        };
      }),
    })),
  };
}
