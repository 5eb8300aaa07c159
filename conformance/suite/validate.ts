// What makes a scenario file valid: the JSON Schema (ajv) and the rules a schema cannot express
// (known requirement IDs, declared actors, captures used only after they are made, known filters,
// needs that match what the scenario uses). Problems are located by a path into the data and worded
// as sentences; load.ts turns paths into file:line:col.
import type { ErrorObject } from 'ajv';
import { filterProblem } from './filters.js';
import { parseTemplate, expressionsOf, stringsOf, TemplateSyntaxError } from './template.js';
import type { Scenario, Step } from '../model/schema-types.js';
import { compiledSchema } from './schemas.js';

export type PathSegment = string | number;

export interface Problem {
  /** Where in the data the problem is. */
  path: PathSegment[];
  /** Point at the key of the last segment (an unknown or misspelt field) rather than its value. */
  onKey?: boolean;
  /** A sentence naming the scenario and step concerned. */
  message: string;
}

/** Requirement IDs known to the registry, with whether each is withdrawn. */
export type RequirementRegistry = ReadonlyMap<string, { withdrawn: boolean }>;

/** The major version of the scenario format this runner implements. */
const FORMAT_MAJOR = 1;

/** The scenario schema, with each of its subschema objects mapped to its JSON Pointer. */
let pointers: WeakMap<object, string> | undefined;
function scenarioSchema() {
  const { validate, schema } = compiledSchema('scenario.schema.json');
  pointers ??= pointersOf(schema);
  return { validate, pointers };
}

/** Every subschema object of the schema file mapped to its JSON Pointer, to name ajv's errors exactly. */
function pointersOf(schema: unknown): WeakMap<object, string> {
  const map = new WeakMap<object, string>();
  const walk = (node: unknown, ptr: string) => {
    if (!node || typeof node !== 'object') return;
    map.set(node, ptr);
    for (const [k, v] of Object.entries(node)) walk(v, `${ptr}/${k}`);
  };
  walk(schema, '#');
  return map;
}

// ---------------------------------------------------------------------------------------------
// Wording

/** "step 2 of scenario 'prec.x'" and the rest of the path, for a path into a scenario file. */
function placeOf(data: unknown, path: PathSegment[]): { context: string; rest: PathSegment[]; whole: string } {
  const scenarios = (data as { scenarios?: unknown })?.scenarios;
  if (path[0] === 'scenarios' && typeof path[1] === 'number' && Array.isArray(scenarios)) {
    const s = scenarios[path[1]] as { id?: unknown } | undefined;
    const label = typeof s?.id === 'string' && s.id ? `scenario '${s.id}'` : `scenario ${path[1] + 1}`;
    if (path[2] === 'steps' && typeof path[3] === 'number') {
      return { context: `step ${path[3] + 1} of ${label}`, rest: path.slice(4), whole: 'the step' };
    }
    return { context: label, rest: path.slice(2), whole: 'the scenario' };
  }
  return { context: 'the file', rest: path, whole: 'the file' };
}

export function fieldName(rest: PathSegment[]): string {
  return rest.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function sentence(data: unknown, subject: PathSegment[], phrase: string): string {
  const { context, rest, whole } = placeOf(data, subject);
  const what = rest.length ? `'${fieldName(rest)}'` : whole;
  return context === 'the file' ? `${what} ${phrase}` : `${context}: ${what} ${phrase}`;
}

const TYPE_WORDS: Record<string, string> = {
  integer: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping (key: value)',
  null: 'null',
};

const PATTERN_WORDS: Record<string, string> = {
  '^1\\.[0-9]+$': `must be "1.<minor>", e.g. "1.0": this runner reads format ${FORMAT_MAJOR} (spec/INTERPRETING.md)`,
  '^[a-z0-9]+(-[a-z0-9]+)*(\\.[a-z0-9]+(-[a-z0-9]+)*)+$':
    "must be two or more dot-separated lowercase words, such as 'prec.cookie-beats-bearer'",
  '^BEARER-[A-Z]+-[0-9]+$': 'must be a requirement ID such as BEARER-PREC-1',
  '^[a-z][a-z0-9_]*$': 'must be a lowercase name: letters, digits and _, starting with a letter',
  '^/': "must begin with '/' (it is appended to the base URL; use 'url' for an absolute URL)",
  '^[a-z0-9-]+$': "must be lowercase letters, digits and '-'",
};

/** Phrases for the combinators, keyed by the schema location of the failing keyword. */
const SCHEMA_WORDS: Record<string, string> = {
  '#/definitions/Request/then/not': "has both 'path' and 'url': give exactly one",
  '#/definitions/Request/else/required': "needs 'path' (relative to the base URL) or 'url' (absolute)",
  '#/definitions/Request/dependencies/json/not': "has both 'json' and 'body': give at most one",
  '#/definitions/Request/properties/origin/oneOf': 'must be a string (a template) or false',
  '#/definitions/Capture/oneOf':
    "must be exactly one of {json: /json/pointer}, {header: name} or {cookie: name}, and a JSON pointer is empty or begins with '/'",
  '#/definitions/Expect/properties/status/oneOf':
    'must be an integer status code from 100 to 599 or a non-empty list of distinct ones',
  '#/definitions/Expect/minProperties': 'must hold at least one expectation (or be left out)',
  '#/definitions/HeaderExpectation/minProperties': "must have 'name' and exactly one of present, absent, equals, contains",
  '#/definitions/HeaderExpectation/maxProperties': "must have 'name' and exactly one of present, absent, equals, contains",
  '#/definitions/CookieExpectation/minProperties': "must have 'name' and exactly one of set, cleared, untouched, kept, encoded",
  '#/definitions/CookieExpectation/maxProperties': "must have 'name' and exactly one of set, cleared, untouched, kept, encoded",
  '#/definitions/Request/properties/headers/items/minItems': 'must be a pair [name, value]',
  '#/definitions/Request/properties/headers/items/maxItems': 'must be a pair [name, value]',
};

function segmentsOf(instancePath: string): PathSegment[] {
  if (!instancePath) return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
}

function closest(word: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

// ---------------------------------------------------------------------------------------------
// Schema

/** Schema problems of a parsed scenario file, one sentence per problem, combinator noise removed. */
export function schemaProblems(data: unknown): Problem[] {
  const { validate, pointers } = scenarioSchema();
  if (validate(data)) return [];
  const errors = (validate.errors ?? []).map((e) => ({ e, at: schemaLocation(e, pointers) }));
  // A failed oneOf is worded once; the failures of its branches would only confuse.
  const oneOfs = errors.filter(({ e }) => e.keyword === 'oneOf');
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const { e, at } of errors) {
    if (e.keyword === 'if' || e.keyword === 'propertyNames') continue;
    const insideOneOf = oneOfs.some(
      (o) => o.e !== e && at.startsWith(`${o.at}/`) && (e.instancePath + '/').startsWith(o.e.instancePath + '/'),
    );
    if (insideOneOf) continue;
    const p = problemOf(data, e, at);
    const key = `${p.path.join('/')}|${p.message}`;
    if (!seen.has(key)) problems.push(p), seen.add(key);
  }
  return problems;
}

function schemaLocation(e: ErrorObject, pointers: WeakMap<object, string>): string {
  const parent = e.parentSchema && pointers.get(e.parentSchema);
  return parent ? `${parent}/${e.keyword}` : e.schemaPath;
}

function problemOf(data: unknown, e: ErrorObject, at: string): Problem {
  const path = segmentsOf(e.instancePath);
  const params = e.params as Record<string, unknown>;
  if (e.propertyName !== undefined) {
    const keyPath = [...path, e.propertyName];
    return { path: keyPath, onKey: true, message: sentence(data, keyPath, 'is not a valid capture name: use lowercase letters, digits and _, starting with a letter') };
  }
  const fixed = SCHEMA_WORDS[at];
  if (fixed) return { path, message: sentence(data, path, fixed) };
  switch (e.keyword) {
    case 'required': {
      const subject = [...path, String(params.missingProperty)];
      return { path, message: sentence(data, subject, 'is required but missing') };
    }
    case 'additionalProperties': {
      const extra = String(params.additionalProperty);
      const allowed = Object.keys((e.parentSchema as { properties?: object })?.properties ?? {});
      const guess = closest(extra, allowed);
      const hint = guess ? `; did you mean '${guess}'?` : allowed.length ? ` (known fields: ${allowed.join(', ')})` : '';
      const subject = [...path, extra];
      return { path: subject, onKey: true, message: sentence(data, subject, `is not a known field here${hint}`) };
    }
    case 'type': {
      const types = String(params.type).split(',');
      let phrase = `must be ${types.map((t) => TYPE_WORDS[t] ?? t).join(' or ')}`;
      if (path.length === 1 && path[0] === 'format' && typeof e.data === 'number') phrase += ': quote it, as in format: "1.0"';
      return { path, message: sentence(data, path, phrase) };
    }
    case 'pattern': {
      let phrase = PATTERN_WORDS[String(params.pattern)] ?? `must match the pattern ${String(params.pattern)}`;
      if (path.length === 1 && path[0] === 'format' && typeof e.data === 'string' && /^[0-9]+\./.test(e.data)) {
        phrase = `is "${e.data}", a format this runner does not read: it reads "${FORMAT_MAJOR}.x" (spec/INTERPRETING.md)`;
      }
      return { path, message: sentence(data, path, phrase) };
    }
    case 'enum':
      return { path, message: sentence(data, path, `must be one of ${(params.allowedValues as unknown[]).join(', ')}`) };
    case 'const':
      return { path, message: sentence(data, path, `must be ${JSON.stringify(params.allowedValue)} (or be left out)`) };
    case 'minItems':
      return { path, message: sentence(data, path, params.limit === 1 ? 'must not be empty' : `must have at least ${params.limit} items`) };
    case 'maxItems':
      return { path, message: sentence(data, path, `must have at most ${params.limit} items`) };
    case 'minLength':
      return { path, message: sentence(data, path, params.limit === 1 ? 'must not be empty' : `must be at least ${params.limit} characters long`) };
    case 'maxLength':
      return { path, message: sentence(data, path, `must be at most ${params.limit} characters long`) };
    case 'uniqueItems': {
      const list = e.data as unknown[];
      const dup = Array.isArray(list) ? JSON.stringify(list[params.j as number]) : '';
      return { path, message: sentence(data, path, `lists ${dup} twice`) };
    }
    default:
      return { path, message: sentence(data, path, e.message ?? `breaks the rule '${e.keyword}'`) };
  }
}

// ---------------------------------------------------------------------------------------------
// Rules beyond the schema

export const ACTOR_FIELDS = ['email', 'password', 'name', 'user_id', 'token', 'signed'] as const;
export const TARGET_FIELDS = ['origin', 'cookie_name', 'schema_url', 'schema_file'] as const;

interface TemplateSite {
  path: PathSegment[];
  text: string;
  /** Templates of the request may use captures of earlier steps; those of expect also this step's. */
  phase: 'request' | 'expect';
}

/** Every template of a step, with its path relative to the step. */
function templateSites(step: Step): TemplateSite[] {
  const sites: TemplateSite[] = [];
  const r = step.request;
  const add = (path: PathSegment[], text: unknown, phase: TemplateSite['phase']) => {
    if (typeof text === 'string') sites.push({ path, text, phase });
  };
  for (const k of ['path', 'url', 'bearer', 'cookie', 'origin', 'body'] as const) add(['request', k], r[k], 'request');
  r.headers?.forEach((h, i) => h.forEach((t, j) => add(['request', 'headers', i, j], t, 'request')));
  if (r.json !== undefined) for (const s of stringsOf(r.json)) add(['request', 'json', ...s.path], s.text, 'request');
  const x = step.expect;
  if (x) {
    add(['expect', 'session_id'], x.session_id, 'expect');
    if (x.json !== undefined) for (const s of stringsOf(x.json)) add(['expect', 'json', ...s.path], s.text, 'expect');
    x.session_ids?.forEach((t, i) => add(['expect', 'session_ids', i], t, 'expect'));
    x.headers?.forEach((h, i) => {
      add(['expect', 'headers', i, 'equals'], h.equals, 'expect');
      add(['expect', 'headers', i, 'contains'], h.contains, 'expect');
    });
    x.cookies?.forEach((c, i) => {
      add(['expect', 'cookies', i, 'kept'], c.kept, 'expect');
      add(['expect', 'cookies', i, 'encoded'], c.encoded, 'expect');
    });
    x.verifies?.forEach((t, i) => add(['expect', 'verifies', i], t, 'expect'));
  }
  return sites;
}

/** Problems of one schema-valid scenario that the schema cannot see. `base` is its path in the file. */
export function scenarioProblems(data: unknown, scenario: Scenario, base: PathSegment[], registry?: RequirementRegistry): Problem[] {
  const problems: Problem[] = [];
  const at = (path: PathSegment[], phrase: string, onKey = false) =>
    problems.push({ path: [...base, ...path], onKey, message: sentence(data, [...base, ...path], phrase) });
  const actors = scenario.actors ?? [];
  const needs = scenario.needs ?? {};

  const checkRequirements = (ids: string[], path: PathSegment[]) => {
    if (!registry) return;
    ids.forEach((id, i) => {
      const r = registry.get(id);
      if (!r) at([...path, i], `names '${id}', which is not a requirement of spec/requirements.yaml`);
      else if (r.withdrawn) at([...path, i], `names '${id}', a withdrawn requirement; judge its replacement instead`);
    });
  };
  checkRequirements(scenario.requirements, ['requirements']);

  // Where each capture name is first made, to tell "used too early" from "never captured".
  const capturedAt = new Map<string, number>();
  scenario.steps.forEach((step, j) => {
    for (const name of Object.keys(step.capture ?? {})) if (!capturedAt.has(name)) capturedAt.set(name, j);
  });

  scenario.steps.forEach((step, j) => {
    const sp: PathSegment[] = ['steps', j];
    if (step.requirements) checkRequirements(step.requirements, [...sp, 'requirements']);
    for (const name of Object.keys(step.capture ?? {})) {
      if (name === 'target' || actors.includes(name)) {
        at([...sp, 'capture', name], `is a capture named like ${name === 'target' ? 'the target' : 'an actor'}; choose another name so \${${name}...} stays unambiguous`, true);
      }
      const c = step.capture![name]!;
      if ('json' in c && c.json !== '' && !/^(\/([^~]|~[01])*)*$/.test(c.json)) {
        at([...sp, 'capture', name, 'json'], "is not a valid JSON Pointer: '~' must be followed by 0 or 1");
      }
    }
    const x = step.expect;
    if (x?.session_of !== undefined && !actors.includes(x.session_of)) {
      at([...sp, 'expect', 'session_of'], `names '${x.session_of}', who is not an actor of this scenario (${actorList(actors)})`);
    }
    if (step.wait_for_refresh && !needs.session_update_age) {
      at([...sp, 'wait_for_refresh'], "waits for a session refresh, which needs the target's session update age: add 'needs: {session_update_age: true}' to the scenario");
    }
    if (x?.verifies && !needs.secret) {
      at([...sp, 'expect', 'verifies'], "needs the target's secret: add 'needs: {secret: true}' to the scenario");
    }
    const url = step.request.url;
    if (url !== undefined && !/^https?:\/\//.test(url) && !url.startsWith('${')) {
      at([...sp, 'request', 'url'], "must be an absolute http(s) URL or start with a variable such as ${target.schema_url}; use 'path' for a path under the base URL");
    }
    for (const site of templateSites(step)) {
      const where = [...sp, ...site.path];
      let parts;
      try {
        parts = parseTemplate(site.text);
      } catch (e) {
        if (!(e instanceof TemplateSyntaxError)) throw e;
        at(where, `is not a valid template: ${e.message}`);
        continue;
      }
      for (const expr of expressionsOf(parts)) {
        const problem = variableProblem(expr.variable, j, site.phase, { actors, capturedAt, needs });
        if (problem) at(where, `uses '\${${expr.source}}': ${problem}`);
        for (const f of expr.filters) {
          const fp = filterProblem(f);
          if (fp) at(where, `uses '\${${expr.source}}': ${fp}`);
          else if (f.name === 'sign' && !needs.secret) {
            at(where, `uses '\${${expr.source}}': the sign filter needs the target's secret; add 'needs: {secret: true}' to the scenario`);
          }
        }
      }
    }
  });
  return problems;
}

function actorList(actors: string[]): string {
  return actors.length ? `actors: ${actors.join(', ')}` : 'it declares no actors';
}

function variableProblem(
  variable: string,
  step: number,
  phase: TemplateSite['phase'],
  ctx: { actors: string[]; capturedAt: Map<string, number>; needs: NonNullable<Scenario['needs']> },
): string | undefined {
  const [head, field] = variable.split('.') as [string, string | undefined];
  if (head === 'target') {
    if (!field || !(TARGET_FIELDS as readonly string[]).includes(field)) {
      return `the target has no '${field ?? ''}' (known: ${TARGET_FIELDS.map((f) => `target.${f}`).join(', ')})`;
    }
    if (field === 'schema_url' && !ctx.needs.schema_url) return "target.schema_url needs 'needs: {schema_url: true}' on the scenario";
    if (field === 'schema_file' && !ctx.needs.schema_file) return "target.schema_file needs 'needs: {schema_file: true}' on the scenario";
    return undefined;
  }
  if (field !== undefined) {
    if (!ctx.actors.includes(head)) return `'${head}' is not an actor of this scenario (${actorList(ctx.actors)})`;
    if (!(ACTOR_FIELDS as readonly string[]).includes(field)) {
      return `an actor has no '${field}' (known: ${ACTOR_FIELDS.map((f) => `${head}.${f}`).join(', ')})`;
    }
    return undefined;
  }
  const made = ctx.capturedAt.get(head);
  if (made === undefined) {
    return ctx.actors.includes(head)
      ? `'${head}' is an actor: name one of its values, e.g. ${head}.signed`
      : `'${head}' is neither captured by any step nor a known variable`;
  }
  if (made > step || (made === step && phase === 'request')) {
    return `'${head}' is captured only by step ${made + 1}; a capture can be used in the request of later steps (and in the expect of its own step)`;
  }
  return undefined;
}
