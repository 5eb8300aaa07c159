// Parsing one scenario file's text: YAML with source positions, schema and semantic validation, and
// every problem located as file:line:col with a sentence. load.ts imports this module only for a file
// the build-time snapshot does not hold (snapshot.ts), so a run of the bundled suite loads neither the
// YAML parser nor the validators.
import { LineCounter, parseDocument } from 'yaml';
import { scenarioProblems, schemaProblems, type PathSegment, type Problem, type RequirementRegistry } from './validate.js';
import type { SourcePosition } from '../model/exit-codes.js';
import type { Scenario, ScenarioFile } from '../model/schema-types.js';
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

/** A scenario free of problems, and where its id is written (for the duplicate-id message across files). */
export interface ParsedScenario {
  scenario: LoadedScenario;
  id: { line: number; col: number };
}

export interface LoadResult {
  scenarios: LoadedScenario[];
  errors: SourceError[];
}

/** Parses and validates one file's text. `file` is only used to label results and errors. */
export function parseScenarioText(text: string, file: string, registry?: RequirementRegistry): LoadResult {
  const { scenarios, errors } = parseScenarioFile(text, file, registry);
  return { scenarios: scenarios.map((p) => p.scenario), errors };
}

/** parseScenarioText, keeping where each scenario's id is written. */
export function parseScenarioFile(text: string, file: string, registry?: RequirementRegistry): { scenarios: ParsedScenario[]; errors: SourceError[] } {
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
  const scenarios: ParsedScenario[] = [];
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
      scenarios.push({ scenario: loaded, id: at(offsetOf(doc, [...base, 'id'], false)) });
    });
  }
  errors.sort((a, b) => a.line - b.line || a.col - b.col);
  return { scenarios, errors };
}

function yamlMessage(message: string): string {
  const m = message.replace(/\s+at line \d+, column \d+.*$/s, '').trim();
  return /[.!?]$/.test(m) ? m.slice(0, -1) : m;
}
