// --list: what a run would do, without doing it. For each target (the embedded profiles, or the
// target named by the flags), every scenario of the suite with whether it would run and, if not,
// why: not selected (which filter), or a need the target does not meet. Contacts nothing.
import { PROFILES, profileRuns, EMBEDDED_EXPOSED_HEADER } from './embedded.js';
import { decidingEntry, loadExpectations, type Expectations } from './expectations.js';
import { planScenario } from './needs.js';
import { checkSelection, judgedBy, selectScenarios } from './select.js';
import { isEmbedded, resolveTarget, targetFlagsOf } from './target.js';
import type { GateOptions, RunOptions } from '../model/options.js';
import type { SelectionReport } from '../model/report.js';
import type { ScenarioStatus } from '../model/result.js';
import { type Target, DEFAULT_ORIGIN } from '../model/target.js';
import { loadSuite } from '../suite/load.js';
import { loadRegistry } from '../suite/registry.js';

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

export interface ListedTarget {
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

/** The plan of a run with these options, without contacting any server. */
export async function listRun(options: RunOptions & GateOptions = {}): Promise<ListReport> {
  const filters = checkSelection(options);
  const flags = targetFlagsOf(options);
  const embedded = isEmbedded(flags, options.target);
  const targets: Target[] = embedded ? embeddedTargets() : [await resolveTarget(flags, options.target)];
  const expectations: Expectations | undefined = options.expectations === undefined ? undefined : await loadExpectations(options.expectations);
  const [registry, scenarios] = await Promise.all([loadRegistry(), loadSuite(options.scenarios)]);
  const selection = selectScenarios(scenarios, registry.requirements, filters);

  return {
    selection: selection.report,
    targets: targets.map((t) => ({
      name: t.name,
      url: embedded ? null : t.url,
      requireSignature: t.requireSignature,
      scenarios: scenarios.map((s): ListedScenario => {
        const notSelected = selection.excluded.get(s.id);
        const plan = planScenario(t, s);
        const otherProfile = embedded && !profileRuns(t, s);
        const reason = notSelected ?? (otherProfile ? `runs on the other profile: it needs require_signature ${s.needs?.require_signature}` : plan.run ? undefined : plan.reason.replace(/^Skipped: /, 'skipped: '));
        const entry = expectations && decidingEntry(expectations.entries, s.id, t.name);
        return {
          id: s.id,
          title: s.title,
          file: s.file,
          line: s.line,
          tags: s.tags ?? [],
          requirements: judgedBy(s),
          run: reason === undefined,
          ...(reason !== undefined ? { reason } : {}),
          ...(entry ? { expected: entry.status } : {}),
        };
      }),
    })),
  };
}

/** The embedded profiles as the run will describe them: the secret, schema URL and exposed header are all given. */
function embeddedTargets(): Target[] {
  return PROFILES.map((p) => ({
    name: p.name,
    url: 'http://127.0.0.1/api/auth',
    requireSignature: p.requireSignature,
    secret: 'embedded',
    origin: DEFAULT_ORIGIN,
    schemaUrl: 'http://127.0.0.1/api/auth/schema',
    exposedHeaders: [EMBEDDED_EXPOSED_HEADER],
  }));
}

export function renderList(list: ListReport): string {
  const out: string[] = [];
  for (const t of list.targets) {
    const running = t.scenarios.filter((s) => s.run);
    const where = t.url ?? 'embedded reference, started with the run';
    out.push(`Target ${t.name} (${where}; require_signature ${t.requireSignature}): ${running.length} of ${t.scenarios.length} scenarios would run.`);
    const idWidth = Math.max(0, ...t.scenarios.map((s) => s.id.length));
    // What runs, then what the target cannot serve, then what the filters left out.
    const rank = (s: ListedScenario) => (s.run ? 0 : s.reason?.startsWith('not selected') ? 2 : 1);
    for (const s of [...t.scenarios].sort((a, b) => rank(a) - rank(b))) {
      const expected = s.expected ? `  [expected ${s.expected.join(' or ')}]` : '';
      if (s.run) out.push(`  run   ${s.id.padEnd(idWidth)}  ${s.title}${expected}`);
      else out.push(`  skip  ${s.id.padEnd(idWidth)}  ${s.reason}`);
    }
    out.push('');
  }
  const sel = list.selection;
  out.push(
    sel.complete
      ? `Selection: all ${sel.total} scenarios.`
      : `Selection: ${sel.selected} of ${sel.total} scenarios; requirement verdicts of such a run cover these alone.`,
  );
  return `${out.join('\n')}\n`;
}
