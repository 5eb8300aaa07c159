// Expectations files (spec/expectations.schema.json): the results a team expects from its server, so
// the suite can gate CI before the server conforms everywhere. Reading (errors at file:line:col) and
// matching entries to scenario ids; judge/expectations.ts compares a run with them.
import { readUserFile } from '../suite/files.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Node } from 'yaml';
import { formatPosition, UsageError, type SourcePosition } from '../model/exit-codes.js';
import type { ScenarioStatus } from '../model/result.js';
import { dedupe, errorOffset, pointerPath, typeName } from '../suite/yaml-positions.js';
import { compiledSchema } from '../suite/schemas.js';
import { yamlLibrary } from '../suite/yaml-library.js';

export interface ExpectationEntry {
  /** A scenario id or a glob over ids. */
  scenario: string;
  target?: string;
  /** Expected statuses; more than one for a known-intermittent result. */
  status: ScenarioStatus[];
  reason: string;
  link?: string;
  /** Where the entry starts in its file, 1-based. */
  line: number;
  col: number;
}

export interface Expectations {
  file: string;
  suiteVersion?: string;
  notes?: string;
  entries: ExpectationEntry[];
}

/** An expectations file that cannot be used; each problem carries file:line:col. Exit code 2. */
export class ExpectationsFileError extends UsageError {
  override name = 'ExpectationsFileError';
  constructor(readonly problems: SourcePosition[]) {
    super(problems.map(formatPosition).join('\n'));
  }
}

// ---------------------------------------------------------------------------------------------
// Reading

/** Reads and validates an expectations file; `flag` names where the path came from, for the message. */
export async function loadExpectations(file: string, flag = '--expectations'): Promise<Expectations> {
  const text = await readUserFile(file, 'expectations file', `Check the path given to ${flag}, or create the file with --update-expectations ${file}.`);
  return parseExpectations(text, file, compiledSchema('expectations.schema.json').validate);
}

function parseExpectations(text: string, file: string, check: ValidateFunction): Expectations {
  const { isSeq, LineCounter, parseDocument } = yamlLibrary();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number, message: string): SourcePosition => ({ file, ...lineCounter.linePos(offset), message });
  if (doc.errors.length) {
    throw new ExpectationsFileError(doc.errors.map((e) => at(e.pos[0], `${e.message.split('\n')[0]!.replace(/ at line \d+.*$/, '')} (the file is not valid YAML).`)));
  }
  const data = doc.toJS() as unknown;
  if (data === null || data === undefined) {
    throw new ExpectationsFileError([at(0, 'The file is empty; write "expectations: []" (every scenario expected to pass) or list entries under expectations:.')]);
  }
  if (!check(data)) {
    const errors = check.errors ?? [];
    // A failed oneOf is told once; the failures of its branches would only confuse.
    const oneOfPaths = new Set(errors.filter((e) => e.keyword === 'oneOf').map((e) => e.instancePath));
    const relevant = errors.filter((e) => e.keyword === 'oneOf' || !oneOfPaths.has(e.instancePath));
    throw new ExpectationsFileError(dedupe(relevant.map((e) => at(errorOffset(doc, e), explain(e)))));
  }
  const raw = data as { suite_version?: string; notes?: string; expectations: { scenario: string; target?: string; status: ScenarioStatus | ScenarioStatus[]; reason: string; link?: string }[] };
  const items = (doc.get('expectations', true) as Node | undefined) ?? undefined;
  const problems: SourcePosition[] = [];
  const entries = raw.expectations.map((e, i): ExpectationEntry => {
    const node = isSeq(items) ? (items.items[i] as Node | undefined) : undefined;
    const { line, col } = lineCounter.linePos(node?.range?.[0] ?? 0);
    if (e.scenario.includes('***')) {
      problems.push({ file, line, col, message: `scenario "${e.scenario}" has three stars in a row; use * (within a segment) or ** (across segments).` });
    }
    return {
      scenario: e.scenario,
      ...(e.target !== undefined ? { target: e.target } : {}),
      status: [e.status].flat(),
      reason: e.reason.trim(),
      ...(e.link !== undefined ? { link: e.link } : {}),
      line,
      col,
    };
  });
  if (problems.length) throw new ExpectationsFileError(problems);
  return {
    file,
    ...(raw.suite_version !== undefined ? { suiteVersion: raw.suite_version } : {}),
    ...(raw.notes !== undefined ? { notes: raw.notes } : {}),
    entries,
  };
}

const ENTRY_FIELDS = 'scenario, target, status, reason and link';

function explain(e: ErrorObject): string {
  const path = pointerPath(e.instancePath);
  const where = path[0] === 'expectations' && typeof path[1] === 'number' ? `entry ${path[1] + 1}` : undefined;
  const field = path.slice(where ? 2 : 0).join('.');
  const subject = [where, field].filter(Boolean).join(': ') || 'the file';
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const name = String(params.additionalProperty);
      return where
        ? `${subject}: "${name}" is not an entry field; the fields are ${ENTRY_FIELDS}.`
        : `"${name}" is not a top-level field; the fields are suite_version, notes and expectations.`;
    }
    case 'required': {
      const missing = String(params.missingProperty);
      if (!where) return 'The file lacks "expectations"; list entries under expectations:, or write expectations: [] when every scenario is expected to pass.';
      const hint =
        missing === 'reason'
          ? 'every entry says why, so a person can tell when it is stale'
          : missing === 'status'
            ? 'give the expected status: fail, error, skip or pass (or a list of them for an intermittent result)'
            : 'name a scenario id or a glob such as prec.**';
      return `${subject} lacks "${missing}"; ${hint}.`;
    }
    case 'type':
      return `${subject} is a ${typeName(e.data)}; it has to be ${String(params.type) === 'object' ? 'a mapping of fields' : `a ${String(params.type)}`}.`;
    case 'oneOf':
    case 'enum':
      return `${subject} ${JSON.stringify(e.data)} is not a status; use fail, error, skip or pass, or a list of them for an intermittent result.`;
    case 'minItems':
      return `${subject} is an empty list; name at least one status.`;
    case 'uniqueItems':
      return `${subject} lists a status twice; list each once.`;
    case 'pattern':
      if (field === 'scenario') {
        return `${subject} ${JSON.stringify(e.data)} is neither a scenario id nor a glob; ids are dot-separated lowercase words (prec.cookie-wins.list-sessions), with * within a segment and ** across segments.`;
      }
      if (field === 'reason') return `${subject} is blank; say why the result is expected.`;
      if (field === 'link') return `${subject} ${JSON.stringify(e.data)} is not an http(s) URL; link to the issue that tracks the problem.`;
      if (field === 'suite_version') return `suite_version ${JSON.stringify(e.data)} is not a version such as 0.1.0.`;
      return `${subject} has the wrong form.`;
    case 'minLength':
      return `${subject} is empty; give a target name, or leave target out to match every target.`;
    default:
      return `${subject} ${e.message ?? 'is invalid'}.`;
  }
}

// ---------------------------------------------------------------------------------------------
// Matching

function isGlob(pattern: string): boolean {
  return pattern.includes('*');
}

const compiledPatterns = new Map<string, RegExp>();

/** `*` matches within one dot-separated segment, `**` across segments; everything else is literal. */
export function patternToRegExp(pattern: string): RegExp {
  let re = compiledPatterns.get(pattern);
  if (!re) {
    const body = pattern
      .split('**')
      .map((part) => part.split('*').map((lit) => lit.replace(/[.+?^${}()|[\]\\-]/g, '\\$&')).join('[^.]*'))
      .join('.*');
    re = new RegExp(`^${body}$`);
    compiledPatterns.set(pattern, re);
  }
  return re;
}

export function matchesId(pattern: string, id: string): boolean {
  return isGlob(pattern) ? patternToRegExp(pattern).test(id) : pattern === id;
}

export function entryMatches(entry: Pick<ExpectationEntry, 'scenario' | 'target'>, id: string, target: string): boolean {
  return (entry.target === undefined || entry.target === target) && matchesId(entry.scenario, id);
}

/**
 * The entry that decides a result: the most specific match (an exact id beats a glob, a
 * target-scoped entry beats an unscoped one), the first in the file among equals.
 */
export function decidingEntry<E extends Pick<ExpectationEntry, 'scenario' | 'target'>>(entries: E[], id: string, target: string): E | undefined {
  let best: E | undefined;
  let bestScore = -1;
  for (const e of entries) {
    if (!entryMatches(e, id, target)) continue;
    const score = (isGlob(e.scenario) ? 0 : 2) + (e.target === undefined ? 0 : 1);
    if (score > bestScore) [best, bestScore] = [e, score];
  }
  return best;
}

export const TODO_REASON = 'TODO: explain';

export function isTodo(reason: string): boolean {
  return /^TODO\b/i.test(reason.trim());
}
