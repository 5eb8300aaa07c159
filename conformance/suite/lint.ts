// `bearer-conformance lint`: the authoring rules of the suite, checked over scenario data alone,
// every problem at file:line:col. Loading (load.ts, validate.ts) already checks the schema, unique
// ids, known requirement IDs, actors and variables; the rules here are those a schema cannot say:
// every MUST and SHOULD judged, both profiles exercised, rejections preceded by a positive control
// (so a server that rejects everything cannot pass), positive checks that name whose session came
// back, statement titles, tag spelling. This is the only implementation of these rules: coverage.ts
// and the scenario tests use it.
import { readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import type { Document, LineCounter } from 'yaml';
import { yamlLibrary } from './yaml-library.js';
import { loadScenarios, type SourceError } from './load.js';
import { specFile } from './spec-files.js';
import type { Requirement } from '../model/requirements.js';
import { citedRequirements, judgedRequirements } from './cited.js';
import { loadRegistry } from './registry.js';
import { bundledScenarios, scenarioFiles } from './files.js';
import { offsetOf } from './yaml-positions.js';

// ---------------------------------------------------------------------------------------------
// The data the rules read (a loaded scenario has at least these fields)

export interface StepShape {
  name: string;
  control?: boolean;
  requirements?: string[];
  request?: { method?: string; path?: string; bearer?: string; cookie?: string; headers?: [string, string][] };
  expect?: { status?: number | number[]; body_null?: boolean; unauthenticated?: boolean; session_of?: string | null; session_ids?: unknown[]; json?: unknown };
}

export interface ScenarioShape {
  id: string;
  title?: string;
  requirements: string[];
  tags?: string[];
  needs?: { require_signature?: boolean };
  actors?: string[];
  steps: StepShape[];
  file?: string;
  line?: number;
}

export type RuleKind =
  | 'uncovered-requirement'
  | 'unknown-requirement'
  | 'profile-not-exercised'
  | 'missing-control'
  | 'control-requirements'
  | 'identity'
  | 'modal-verb'
  | 'tag-format'
  | 'profile-mismatch';

/** A broken rule, located by a path inside its scenario (or naming a requirement of the registry). */
export interface RuleProblem {
  kind: RuleKind;
  message: string;
  scenario?: string;
  /** Path inside the scenario, such as ['steps', 2] or ['title']. */
  path?: (string | number)[];
  /** For uncovered requirements: the requirement's ID. */
  requirement?: string;
}

// ---------------------------------------------------------------------------------------------
// Rules

/** Modal verbs make a title a wish; a title states what the scenario shows. Whole words, any case. */
const MODAL = /\b(must|should|may|shall|can|might|ought|needs? to)\b/i;
/** Lowercase words joined by single hyphens (the schema allows stray and doubled hyphens). */
const TAG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
/**
 * Requirements whose expectation depends on require_signature, so a scenario judging them has to
 * declare the profile it runs in (BEARER-SIG-2: unsigned tokens accepted; BEARER-SIG-3: refused).
 */
const PROFILE_OF: Record<string, boolean> = { 'BEARER-SIG-2': false, 'BEARER-SIG-3': true };

/** A step that passes only when the server refuses to authenticate: body null, 401 only, or "no session". */
export function expectsRejection(step: StepShape): boolean {
  const e = step.expect;
  if (!e) return false;
  // A request without credentials is refused as anonymous, which rejects no credential.
  if (step.request && !sendsCredential(step.request)) return false;
  const statuses = e.status === undefined ? [] : Array.isArray(e.status) ? e.status : [e.status];
  const unauthorized = statuses.includes(401) && statuses.every((s) => s >= 400);
  return e.body_null === true || e.unauthenticated === true || unauthorized || ('session_of' in e && (e.session_of === null || e.session_of === ''));
}

function sendsCredential(request: NonNullable<StepShape['request']>): boolean {
  return request.bearer !== undefined || request.cookie !== undefined || (request.headers ?? []).some(([name]) => /^(authorization|cookie)$/i.test(name));
}

/** Names whose session came back: session_of an actor, or the exact session ids. */
function identifiesActor(step: StepShape): boolean {
  const e = step.expect;
  return Boolean(e && ((typeof e.session_of === 'string' && e.session_of !== '') || Array.isArray(e.session_ids)));
}

/** The rules of one scenario. */
export function scenarioRules(s: ScenarioShape): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const add = (kind: RuleKind, path: (string | number)[], message: string) => problems.push({ kind, scenario: s.id, path, message });

  const modal = s.title === undefined ? null : MODAL.exec(s.title);
  if (modal) add('modal-verb', ['title'], `The title of scenario ${s.id} uses the modal verb "${modal[0]}"; state what the scenario shows, such as "A tampered token does not authenticate".`);
  s.tags?.forEach((tag, i) => {
    if (!TAG.test(tag)) add('tag-format', ['tags', i], `Tag "${tag}" of scenario ${s.id} is not lowercase words joined by single hyphens; write it like "set-auth-token".`);
  });

  // A control that itself expects a rejection is reported below; here, the rejections proper.
  const firstRejection = s.steps.findIndex((st) => st.control !== true && expectsRejection(st));
  const controls = s.steps.map((st, i) => [st, i] as const).filter(([st]) => st.control === true);
  if (firstRejection >= 0) {
    const rejection = s.steps[firstRejection]!;
    if (controls.length === 0) {
      add('missing-control', ['steps', firstRejection], `Scenario ${s.id} expects a rejection (step "${rejection.name}") but has no control: true step; add a step before it that sends the valid form of the request and expects session_of its actor.`);
    } else if (!controls.some(([st, i]) => i < firstRejection && typeof st.expect?.session_of === 'string' && st.expect.session_of !== '')) {
      add('missing-control', ['steps', firstRejection], `Scenario ${s.id} expects a rejection (step "${rejection.name}") before any control: true step that expects session_of an actor; move such a control before it, so a server that rejects everything cannot pass.`);
    }
  }
  const rejected = new Set(s.steps.filter((st) => st.control !== true && expectsRejection(st)).flatMap((st) => st.requirements ?? s.requirements));
  for (const [st, i] of controls) {
    if (expectsRejection(st) || !identifiesActor(st)) {
      add('missing-control', ['steps', i], `Control step "${st.name}" of scenario ${s.id} does not prove acceptance; make it expect session_of (or session_ids) of an actor, not a rejection.`);
    }
    if (!st.requirements) {
      add('control-requirements', ['steps', i], `Control step "${st.name}" of scenario ${s.id} names no requirements of its own; give it the requirement that makes the valid request succeed (such as BEARER-SIG-1), so its failure is not blamed on the rejection's.`);
    } else {
      const shared = st.requirements.filter((r) => rejected.has(r));
      if (shared.length) add('control-requirements', ['steps', i], `Control step "${st.name}" of scenario ${s.id} is attributed to ${shared.join(', ')}, which its rejection steps judge; attribute it to the requirement that makes the valid request succeed.`);
    }
  }

  s.steps.forEach((st, i) => {
    const e = st.expect ?? {};
    const path = st.request?.path ?? '';
    const ok = e.status === 200 || (Array.isArray(e.status) && e.status.length === 1 && e.status[0] === 200);
    if (path === '/get-session' && ok && e.body_null !== true && e.unauthenticated !== true && !identifiesActor(st) && !namesUser(e.json)) {
      add('identity', ['steps', i], `Step "${st.name}" of scenario ${s.id} accepts a session on get-session without naming whose; add session_of: <actor> (or json.user.id).`);
    }
    if (path === '/list-sessions' && ok && !Array.isArray(e.session_ids)) {
      add('identity', ['steps', i], `Step "${st.name}" of scenario ${s.id} accepts list-sessions without naming the sessions; add session_ids: [...].`);
    }
  });

  for (const [req, value] of Object.entries(PROFILE_OF)) {
    if (s.requirements.includes(req) && s.needs?.require_signature !== value) {
      add('profile-mismatch', ['requirements'], `Scenario ${s.id} judges ${req}, which holds only with require_signature ${value}; add needs: {require_signature: ${value}}.`);
    }
  }
  return problems;
}

function namesUser(json: unknown): boolean {
  const user = (json as { user?: { id?: unknown } } | undefined)?.user;
  return typeof user?.id === 'string' && user.id.length > 0;
}

/** The rules of the suite as a whole: coverage of the registry, known IDs, both profiles. */
export function suiteRules(scenarios: ScenarioShape[], requirements: Requirement[]): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const judged = new Set(scenarios.flatMap(judgedRequirements));
  const cited = new Set(scenarios.flatMap(citedRequirements));
  for (const req of requirements) {
    if (req.withdrawn || (req.level !== 'MUST' && req.level !== 'SHOULD') || judged.has(req.id)) continue;
    problems.push({
      kind: 'uncovered-requirement',
      requirement: req.id,
      message: cited.has(req.id)
        ? `${req.id} (${req.level}: ${req.title}) is cited only by positive controls, which do not judge it; add a scenario whose requirements name it.`
        : `${req.id} (${req.level}: ${req.title}) is cited by no scenario; add a scenario whose requirements name it.`,
    });
  }
  const known = new Set(requirements.map((r) => r.id));
  for (const s of scenarios) {
    for (const id of citedRequirements(s)) {
      if (!known.has(id)) problems.push({ kind: 'unknown-requirement', scenario: s.id, path: ['requirements'], message: `Scenario ${s.id} cites ${id}, which spec/requirements.yaml does not define; fix the ID.` });
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
  return problems;
}

// ---------------------------------------------------------------------------------------------
// The lint command: load, apply the rules, locate every problem

interface LintProblem {
  kind: RuleKind | 'load' | 'unique-id';
  file: string;
  line: number;
  col: number;
  message: string;
  scenario?: string;
}

interface LintResult {
  /** Scenarios that loaded. */
  scenarios: number;
  problems: LintProblem[];
}

/** Lints scenario files or directories (default: the bundled suite) against the registry. */
export async function lintSuite(paths: string[] = [], options: { requirementsFile?: string } = {}): Promise<LintResult> {
  const given = paths.length ? paths : [bundledScenarios()];
  const files = (await Promise.all(given.map((p) => scenarioFiles(p, { allowEmpty: true })))).flat();
  const requirementsFile = options.requirementsFile ?? specFile('requirements.yaml');
  const { scenarios, errors } = await loadScenarios(files, { requirementsFile });
  const problems: LintProblem[] = errors.map(fromLoadError);
  // A registry that cannot be read is already one of the loader's problems; lint then knows no requirement.
  const registry = await loadRegistry(requirementsFile).catch(() => ({ requirements: [], positions: new Map<string, { line: number; col: number }>() }));
  const sources = new Sources();

  const shapes = scenarios as unknown as (ScenarioShape & { file: string; line: number })[];
  for (const s of shapes) {
    for (const p of scenarioRules(s)) problems.push(await sources.locate(s.file, s.id, p));
  }
  for (const p of suiteRules(shapes, registry.requirements)) {
    if (p.scenario !== undefined) {
      const s = shapes.find((x) => x.id === p.scenario)!;
      problems.push(await sources.locate(s.file, s.id, p));
    } else if (p.requirement !== undefined) {
      const at = registry.positions.get(p.requirement) ?? { line: 1, col: 1 };
      problems.push({ kind: p.kind, file: display(requirementsFile), ...at, message: p.message });
    } else {
      problems.push({ kind: p.kind, file: shapes[0]?.file ?? display(given[0]!), line: 1, col: 1, message: p.message });
    }
  }
  problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col);
  return { scenarios: scenarios.length, problems };
}

function fromLoadError(e: SourceError): LintProblem {
  return { kind: /the id is already used/.test(e.message) ? 'unique-id' : 'load', file: e.file, line: e.line, col: e.col, message: e.message };
}

/** Parsed scenario files, to turn a path inside a scenario into line:col. */
class Sources {
  private docs = new Map<string, Promise<{ doc: Document; lines: LineCounter } | undefined>>();

  private open(file: string) {
    let entry = this.docs.get(file);
    if (!entry) {
      entry = readFile(file, 'utf8').then(
        (text) => {
          const { LineCounter, parseDocument } = yamlLibrary();
          const lines = new LineCounter();
          return { doc: parseDocument(text, { lineCounter: lines }), lines };
        },
        () => undefined,
      );
      this.docs.set(file, entry);
    }
    return entry;
  }

  async locate(file: string, scenarioId: string, p: RuleProblem): Promise<LintProblem> {
    const source = await this.open(file);
    let offset = 0;
    if (source) {
      const { isMap, isSeq } = yamlLibrary();
      const list = source.doc.get('scenarios', true);
      const index = isSeq(list) ? list.items.findIndex((item) => isMap(item) && item.get('id') === scenarioId) : -1;
      // The deepest node of the path that exists: a missing field is reported at its parent.
      if (index >= 0) offset = offsetOf(source.doc, ['scenarios', index, ...(p.path ?? [])]);
    }
    const { line, col } = source ? source.lines.linePos(offset) : { line: 1, col: 1 };
    return { kind: p.kind, file, line, col, message: p.message, ...(p.scenario !== undefined ? { scenario: p.scenario } : {}) };
  }
}

/** Paths inside the working directory are shown relative to it, as load.ts does. */
function display(file: string): string {
  const abs = resolve(file);
  const rel = relative(process.cwd(), abs);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : abs;
}
