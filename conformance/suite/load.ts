// Reading scenario files: every problem reported as file:line:col with a sentence (parse.ts); one
// bad file never hides the problems of others. A bundled file the build already parsed and validated
// comes from the snapshot (snapshot.ts), so the YAML parser and the validators load only when needed.
import { readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { bundledScenarios, scenarioFiles, yamlFiles } from './files.js';
import { specFile } from './spec-files.js';
import type { LoadedScenario, SourceError } from './parse.js';
import { checkedWith, snapshotScenarios } from './snapshot.js';
import type { RequirementRegistry } from './validate.js';
import { ScenarioFilesError } from '../model/exit-codes.js';
import type { Requirement } from '../model/requirements.js';
import { loadRegistry } from './registry.js';

export type { LoadedScenario, SourceError } from './parse.js';

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

/**
 * Loads scenario files (a directory stands for its *.yaml and *.yml files, sorted by name).
 * Only scenarios free of problems are returned; every problem found is in `errors`.
 */
export async function loadScenarios(paths: string[], options: LoadOptions = {}): Promise<LoadResult> {
  const errors: SourceError[] = [];
  const requirements = options.requirements ?? (await readRequirements(options.requirementsFile ?? DEFAULT_REQUIREMENTS_FILE, errors));
  const registry = requirements && registryFrom(requirements);
  // The snapshot holds scenarios checked against this schema and these requirement IDs only.
  const context = requirements && checkedWith(await readFile(specFile('scenario.schema.json'), 'utf8'), requirements);
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
    let parsed = context === undefined ? undefined : await snapshotScenarios(text, context, display(file));
    if (!parsed) {
      const result = (await import('./parse.js')).parseScenarioFile(text, display(file), registry);
      errors.push(...result.errors);
      parsed = result.scenarios;
    }
    for (const { scenario: s, id } of parsed) {
      const first = firstSeen.get(s.id);
      if (first) {
        errors.push({
          file: s.file,
          ...id,
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

/** The registry lookup built from the `requirements` list of spec/requirements.yaml. */
function registryFrom(requirements: { id: string; withdrawn?: boolean }[]): RequirementRegistry {
  return new Map(requirements.map((r) => [r.id, { withdrawn: r.withdrawn === true }]));
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

async function readRequirements(file: string, errors: SourceError[]): Promise<Requirement[] | undefined> {
  try {
    return (await loadRegistry(file)).requirements;
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
