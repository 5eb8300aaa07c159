// Authoring rules for the bundled scenarios (issue 3, "Coverage", and the scenario brief), checked
// over scenario data only. Stricter than conformance/coverage.ts: it also wants every control before
// the first rejection, controls attributed to requirements of their own, identity on every positive
// check, statement titles, and variables that exist when they are used.
import { expressionsOf, parseTemplate, stringsOf } from '../../conformance/template.js';

export interface RequirementShape {
  id: string;
  level: string;
  withdrawn?: boolean;
}

export interface StepData {
  name: string;
  control?: boolean;
  requirements?: string[];
  request: Record<string, unknown> & { method: string; path?: string; url?: string };
  capture?: Record<string, unknown>;
  expect?: Record<string, unknown>;
}

export interface ScenarioData {
  id: string;
  title: string;
  requirements: string[];
  needs?: { require_signature?: boolean; secret?: boolean; schema_url?: boolean; exposed_headers?: boolean };
  actors?: string[];
  steps: StepData[];
}

const ACTOR_FIELDS = new Set(['email', 'password', 'name', 'user_id', 'token', 'signed']);
const TARGET_FIELDS = new Set(['origin', 'cookie_name', 'schema_url']);
const MODAL = /\b(must|should|may|shall|might|ought)\b/i;

/** A step that passes only when the server refuses to authenticate: JSON null or 401 only. */
export function isRejection(step: StepData): boolean {
  const e = step.expect ?? {};
  const statuses = e.status === undefined ? [] : ([] as number[]).concat(e.status as number | number[]);
  return e.body_null === true || (statuses.includes(401) && statuses.every((s) => s >= 400));
}

/** The requirements a failure of this step is attributed to. */
export function stepRequirements(s: ScenarioData, step: StepData): string[] {
  return step.requirements ?? s.requirements;
}

/** Problems of one scenario, as sentences naming the scenario and the step. */
export function scenarioProblems(s: ScenarioData): string[] {
  const problems: string[] = [];
  const say = (msg: string) => problems.push(`${s.id}: ${msg}`);

  if (MODAL.test(s.title)) say(`the title "${s.title}" uses a modal verb; state the fact instead`);

  const firstRejection = s.steps.findIndex(isRejection);
  if (firstRejection >= 0) {
    const controls = s.steps.slice(0, firstRejection).filter((st) => st.control === true && typeof st.expect?.session_of === 'string');
    if (controls.length === 0) {
      say(`step "${s.steps[firstRejection]!.name}" expects a rejection, but no earlier control: true step expects session_of an actor`);
    }
  }
  const rejected = new Set(s.steps.filter(isRejection).flatMap((st) => stepRequirements(s, st)));
  for (const st of s.steps.filter((x) => x.control === true)) {
    if (!st.requirements) say(`control step "${st.name}" names no requirements of its own`);
    else {
      const shared = st.requirements.filter((r) => rejected.has(r));
      if (shared.length) say(`control step "${st.name}" is attributed to ${shared.join(', ')}, which the rejection steps judge`);
    }
    if (isRejection(st)) say(`control step "${st.name}" expects a rejection`);
  }

  for (const st of s.steps) {
    const e = st.expect ?? {};
    const path = st.request.path ?? '';
    const status = e.status;
    const ok = status === 200 || (Array.isArray(status) && status.length === 1 && status[0] === 200);
    if (path === '/get-session' && ok && e.body_null !== true && typeof e.session_of !== 'string' && !namesUser(e.json)) {
      say(`step "${st.name}" accepts a session on get-session without naming whose (session_of or json.user.id)`);
    }
    if (path === '/list-sessions' && ok && !Array.isArray(e.session_ids)) {
      say(`step "${st.name}" accepts list-sessions without naming the sessions (session_ids)`);
    }
    if (typeof e.session_of === 'string' && !(s.actors ?? []).includes(e.session_of)) {
      say(`step "${st.name}" expects session_of ${e.session_of}, who is not among the actors`);
    }
  }

  problems.push(...variableProblems(s).map((m) => `${s.id}: ${m}`));
  return problems;
}

function namesUser(json: unknown): boolean {
  const user = (json as { user?: { id?: unknown } } | undefined)?.user;
  return typeof user?.id === 'string' && user.id.length > 0;
}

/** Every `${variable}` names a declared actor's field, a target field, or an earlier (or same-step) capture. */
function variableProblems(s: ScenarioData): string[] {
  const problems: string[] = [];
  const actors = new Set(s.actors ?? []);
  const captured = new Set<string>();
  s.steps.forEach((st) => {
    const check = (where: string, value: unknown) => {
      for (const { text } of stringsOf(value)) {
        for (const expr of expressionsOf(parseTemplate(text))) {
          const [head, field] = expr.variable.split('.');
          const known = field === undefined
            ? captured.has(head!)
            : head === 'target' ? TARGET_FIELDS.has(field) : actors.has(head!) && ACTOR_FIELDS.has(field);
          if (!known) problems.push(`step "${st.name}" uses \${${expr.source}} in ${where}, which names no actor field, target field or earlier capture`);
        }
      }
    };
    check('its request', st.request);
    for (const name of Object.keys(st.capture ?? {})) captured.add(name);
    check('its expectations', st.expect ?? {});
  });
  return problems;
}

/** Problems of the whole bundle: requirement coverage, profiles, unique ids. */
export function bundleProblems(scenarios: ScenarioData[], requirements: RequirementShape[]): string[] {
  const problems: string[] = [];
  const judged = new Set(scenarios.flatMap((s) => s.requirements));
  const known = new Set(requirements.map((r) => r.id));
  for (const r of requirements) {
    if (r.withdrawn || (r.level !== 'MUST' && r.level !== 'SHOULD')) continue;
    if (!judged.has(r.id)) problems.push(`${r.id} (${r.level}) is judged by no scenario: no scenario lists it in its requirements`);
  }
  for (const s of scenarios) {
    const cited = [...s.requirements, ...s.steps.flatMap((st) => st.requirements ?? [])];
    for (const id of new Set(cited)) if (!known.has(id)) problems.push(`${s.id}: cites ${id}, which spec/requirements.yaml does not define`);
  }
  for (const value of [true, false]) {
    if (!scenarios.some((s) => s.needs?.require_signature === value)) {
      problems.push(`no scenario needs require_signature: ${value}, so that profile is never exercised`);
    }
  }
  // The two requirements whose expectation depends on the mode run only in their mode.
  const modeOf: Record<string, boolean> = { 'BEARER-SIG-2': false, 'BEARER-SIG-3': true };
  for (const s of scenarios) {
    for (const [req, mode] of Object.entries(modeOf)) {
      if (s.requirements.includes(req) && s.needs?.require_signature !== mode) {
        problems.push(`${s.id}: judges ${req} but does not need require_signature: ${mode}`);
      }
    }
  }
  const seen = new Set<string>();
  for (const s of scenarios) {
    if (seen.has(s.id)) problems.push(`${s.id}: the id is used by more than one scenario`);
    seen.add(s.id);
  }
  for (const s of scenarios) problems.push(...scenarioProblems(s));
  return problems;
}
