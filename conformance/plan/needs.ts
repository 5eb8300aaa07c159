// Whether a target can serve a scenario, and if not, why: the reason shown for a skip and by --list.
import type { Needs } from '../model/schema-types.js';
import type { Target } from '../model/target.js';
import type { LoadedScenario } from '../suite/load.js';

type Plan = { run: true } | { run: false; reason: string };

/** The needs of a scenario this target does not meet, each as a sentence. */
export function unmetNeeds(target: Target, needs: Needs | undefined): string[] {
  const unmet: string[] = [];
  if (!needs) return unmet;
  if (needs.require_signature !== undefined && needs.require_signature !== target.requireSignature) {
    unmet.push(
      `it needs a target with require_signature ${needs.require_signature}, and this target declares ${target.requireSignature}`,
    );
  }
  if (needs.secret && target.secret === undefined) {
    unmet.push("it needs the target's secret (wire-compatibility profile), and none was given");
  }
  if (needs.schema_url && target.schemaUrl === undefined) {
    unmet.push("it needs the target's schema description URL, and none was given");
  }
  if (needs.schema_file && target.schemaFile === undefined) {
    unmet.push("it needs a dump of the target's real schema (--schema-file), and none was given");
  }
  if (needs.exposed_headers && !target.exposedHeaders?.length) {
    unmet.push('it needs the header names the application exposes (exposed_headers), and none were declared');
  }
  if (needs.profile !== undefined && !target.profiles?.includes(needs.profile)) {
    unmet.push(`it judges the optional ${needs.profile} profile, and the target does not declare it (give --profile ${needs.profile}, or profiles: [${needs.profile}] in a target file)`);
  }
  if (needs.session_update_age && target.sessionUpdateAge === undefined) {
    unmet.push("it waits for a session refresh, and the target's session update age was not declared (give --session-update-age <seconds>, or session_update_age in a target file)");
  }
  return unmet;
}

export function planScenario(target: Target, scenario: { needs?: Needs }): Plan {
  const unmet = unmetNeeds(target, scenario.needs);
  return unmet.length ? { run: false, reason: `Skipped: ${unmet.join('; ')}.` } : { run: true };
}

/** A scenario as planned for one target: `skip` says why it does not run there (an unmet need). */
export interface PlannedScenario {
  scenario: LoadedScenario;
  skip?: string;
}

/** Each scenario with the needs this target does not meet, in order. */
export function planTarget(target: Target, scenarios: LoadedScenario[]): PlannedScenario[] {
  return scenarios.map((scenario) => {
    const plan = planScenario(target, scenario);
    return plan.run ? { scenario } : { scenario, skip: plan.reason };
  });
}
