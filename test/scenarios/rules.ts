// The shapes of the bundled scenario data, as the scenario tests read it. The authoring rules
// that used to live here are in conformance/suite/lint.ts (one implementation, the one behind
// `bearer-conformance lint`); the rules about variables, actors and requirement IDs are the
// loader's (conformance/suite/validate.ts). rules.test.ts applies both to the bundled scenarios.
import type { ScenarioShape, StepShape } from '../../conformance/suite/lint.js';

export interface RequirementShape {
  id: string;
  level: string;
  withdrawn?: boolean;
}

/** A step as the YAML holds it. */
export type StepData = StepShape & {
  request: Record<string, unknown> & { method: string; path?: string; url?: string };
  capture?: Record<string, unknown>;
};

/** A scenario as the YAML holds it. */
export type ScenarioData = Omit<ScenarioShape, 'steps' | 'needs'> & {
  title: string;
  needs?: { require_signature?: boolean; secret?: boolean; schema_url?: boolean; exposed_headers?: boolean };
  steps: StepData[];
};
