// Reading scenario files: YAML with source positions, schema and semantic validation, and every
// problem reported as file:line:col with a sentence. One bad file never hides the problems of others.
import { readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { bundledScenarios, scenarioFiles, yamlFiles } from './files.js';
import { specFile } from './spec-files.js';
import { registryFrom, scenarioProblems, schemaProblems, type PathSegment, type Problem, type RequirementRegistry } from './validate.js';
import { ScenarioFilesError, type SourcePosition } from '../model/exit-codes.js';
import type { Requirement } from '../model/requirements.js';
import type { Scenario, ScenarioFile } from '../model/schema-types.js';
import { loadRegistry } from './registry.js';
import { offsetOf } from './yaml-positions.js';

/** A problem of a scenario file; the message is a sentence without the location (formatPosition adds it). */
export type SourceError = SourcePosition;

/** A schema-valid scenario, with where it came from. */
export type LoadedScenario = Scenario & {
  /** Path as given (relative to the working directory when inside it). */
  file: string;
  /** Line of the scenario's first key. */
  line: number;
  /** Line of each step, by index. */
  stepLines: number[];
  /** The file's format version, e.g. "1.0". */
  format: string;
};

interface LoadResult {
  scenarios: LoadedScenario[];
  errors: SourceError[];
}

interface LoadOptions {
  /** The registry for the requirement-ID check; default spec/requirements.yaml. */
  requirementsFile?: string;
  /** The requirements already read by the caller (run() reads them anyway), instead of reading requirementsFile again. */
  requirements?: { id: string; withdrawn?: boolean }[];
}

const DEFAULT_REQUIREMENTS_FILE = specFile('requirements.yaml');

/** Where each loaded scenario's id is written, for the duplicate-id message. */
const idPositions = new WeakMap<LoadedScenario, { line: number; col: number }>();

/**
 * Loads scenario files (a directory stands for its *.yaml and *.yml files, sorted by name).
 * Only scenarios free of problems are returned; every problem found is in `errors`.
 */
export async function loadScenarios(paths: string[], options: LoadOptions = {}): Promise<LoadResult> {
  const errors: SourceError[] = [];
  const registry = options.requirements
    ? registryFrom(options.requirements)
    : await readRegistry(options.requirementsFile ?? DEFAULT_REQUIREMENTS_FILE, errors);
  const files = await expandPaths(paths, errors);
  const scenarios: LoadedScenario[] = [];
  const firstSeen = new Map<string, LoadedScenario>();
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      errors.push({ file: display(file), line: 1, col: 1, message: `cannot read the file: ${(e as Error).message}` });
      continue;
    }
    const result = parseScenarioText(text, display(file), registry);
    errors.push(...result.errors);
    for (const s of result.scenarios) {
      const first = firstSeen.get(s.id);
      if (first) {
        errors.push({
          file: s.file,
          ...(idPositions.get(s) ?? { line: s.line, col: 1 }),
          message: `scenario '${s.id}': the id is already used at ${first.file}:${first.line}; ids are unique across all scenario files`,
        });
        continue;
      }
      firstSeen.set(s.id, s);
      scenarios.push(s);
    }
  }
  return { scenarios, errors };
}

/** Parses and validates one file's text. `file` is only used to label results and errors. */
export function parseScenarioText(text: string, file: string, registry?: RequirementRegistry): LoadResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, col };
  };
  const yamlProblems = [...doc.errors, ...doc.warnings];
  if (yamlProblems.length) {
    return {
      scenarios: [],
      errors: yamlProblems.map((e) => ({ file, ...at(e.pos[0]), message: `the YAML is malformed: ${yamlMessage(e.message)}` })),
    };
  }
  if (doc.contents === null) {
    return { scenarios: [], errors: [{ file, line: 1, col: 1, message: "the file is empty; it must hold a mapping with 'format' and 'scenarios'" }] };
  }
  const data: unknown = doc.toJS({ maxAliasCount: 1000 });
  const locate = (p: Problem): SourceError => ({ file, ...at(offsetOf(doc, p.path, p.onKey === true)), message: p.message });

  const schema = schemaProblems(data);
  const errors = schema.map(locate);
  const list = (data as { scenarios?: unknown }).scenarios;
  const scenarios: LoadedScenario[] = [];
  if (Array.isArray(list)) {
    const format = String((data as ScenarioFile).format);
    const fileLevelBroken = schema.some((p) => p.path[0] !== 'scenarios' || p.path.length < 2);
    list.forEach((raw, i) => {
      // A scenario with schema problems of its own is not checked further: its shape is unknown.
      if (schema.some((p) => p.path[0] === 'scenarios' && p.path[1] === i)) return;
      const scenario = raw as Scenario;
      const base: PathSegment[] = ['scenarios', i];
      const semantic = scenarioProblems(data, scenario, base, registry);
      errors.push(...semantic.map(locate));
      if (semantic.length || fileLevelBroken) return;
      const loaded: LoadedScenario = {
        ...scenario,
        file,
        line: at(offsetOf(doc, base, false)).line,
        stepLines: scenario.steps.map((_, j) => at(offsetOf(doc, [...base, 'steps', j], false)).line),
        format,
      };
      idPositions.set(loaded, at(offsetOf(doc, [...base, 'id'], false)));
      scenarios.push(loaded);
    });
  }
  errors.sort((a, b) => a.line - b.line || a.col - b.col);
  return { scenarios, errors };
}

function yamlMessage(message: string): string {
  const m = message.replace(/\s+at line \d+, column \d+.*$/s, '').trim();
  return /[.!?]$/.test(m) ? m.slice(0, -1) : m;
}

async function expandPaths(paths: string[], errors: SourceError[]): Promise<string[]> {
  const files: string[] = [];
  for (const p of paths) {
    try {
      files.push(...(await yamlFiles(p)));
    } catch (e) {
      errors.push({ file: display(p), line: 1, col: 1, message: `cannot read: ${(e as Error).message}. Pass scenario files or directories that exist.` });
    }
  }
  return files;
}

async function readRegistry(file: string, errors: SourceError[]): Promise<RequirementRegistry | undefined> {
  try {
    return registryFrom((await loadRegistry(file)).requirements);
  } catch (e) {
    errors.push({ file: display(file), line: 1, col: 1, message: `cannot read the requirement registry: ${(e as Error).message}` });
    return undefined;
  }
}

/** Paths inside the working directory are shown relative to it, like a compiler does. */
function display(file: string): string {
  const abs = resolve(file);
  const rel = relative(process.cwd(), abs);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : abs;
}

/**
 * Loads the scenario files; any invalid file stops the run before it starts (ScenarioFilesError).
 * Requirement IDs are checked against `requirements` when given, else against spec/requirements.yaml.
 */
export async function loadSuite(paths?: string | string[], requirements?: Requirement[]): Promise<LoadedScenario[]> {
  const given = paths === undefined || (Array.isArray(paths) && paths.length === 0) ? [bundledScenarios()] : [paths].flat();
  const files = (await Promise.all(given.map((p) => scenarioFiles(p)))).flat();
  const { scenarios, errors } = await loadScenarios(files, requirements ? { requirements } : {});
  if (errors.length) throw new ScenarioFilesError(errors.map((e) => ({ file: e.file, line: e.line, col: e.col, message: e.message })));
  return scenarios;
}
