// The reporters known by name to --reporter and run({ reporters }), how a reporter is written on the
// command line (`name` or `name:file`), and building the reporters of a run.
import { consoleReporter } from './console.js';
import { htmlReporter } from './html.js';
import { jsonReporter } from './json.js';
import { junitReporter } from './junit.js';
import { markdownReporter } from './markdown.js';
import { progressReporter } from './progress.js';
import { tapReporter } from './tap.js';
import { UsageError } from '../model/exit-codes.js';
import type { ProgressStream, Reporter, ReporterFactory, ReporterName, ReporterSpec, ParsedReporterSpec } from '../model/reporter.js';

export type { Reporter, ReporterContext, ReporterFactory } from '../model/reporter.js';
export { colorEnabled } from './console.js';

const REPORTERS = {
  console: consoleReporter,
  json: jsonReporter,
  junit: junitReporter,
  tap: tapReporter,
  html: htmlReporter,
  markdown: markdownReporter,
} satisfies Record<ReporterName, ReporterFactory>;

export const REPORTER_NAMES = Object.keys(REPORTERS) as ReporterName[];

const HINT = 'Run bearer-conformance --help to see every flag.';

function isName(name: string): name is ReporterName {
  return Object.hasOwn(REPORTERS, name);
}

/**
 * Reads `--reporter` values (`json`, `junit:report.xml`, ...) and the older `--output <file>`, which
 * names the file of a json reporter given without one. Throws UsageError when a name is unknown,
 * --output has no json reporter to go with, or two reporters would write to the same place.
 */
export function parseReporterSpecs(specs: (string | ReporterSpec)[], output?: string, wording: 'cli' | 'api' = 'cli'): ReporterSpec[] {
  const parsed = specs.map((spec): ReporterSpec => {
    const colon = typeof spec === 'string' ? spec.indexOf(':') : -1;
    const name = typeof spec !== 'string' ? spec.name : colon < 0 ? spec : spec.slice(0, colon);
    const file = typeof spec !== 'string' ? spec.output : colon < 0 ? undefined : spec.slice(colon + 1);
    if (!isName(name)) {
      throw new UsageError(
        wording === 'cli'
          ? `There is no reporter named "${name}"; use ${REPORTER_NAMES.map((n) => `--reporter ${n}`).join(' or ')}. ${HINT}`
          : `There is no reporter named "${String(name)}"; the reporters are ${REPORTER_NAMES.slice(0, -1).join(', ')} and ${REPORTER_NAMES[REPORTER_NAMES.length - 1]}.`,
      );
    }
    if (file === '') throw new UsageError(`--reporter ${name}: names no file; write --reporter ${name}:<file>, or --reporter ${name} for standard output.`);
    return file === undefined ? { name } : { name, output: file };
  });
  if (output !== undefined) {
    const json = parsed.filter((r) => r.name === 'json' && r.output === undefined);
    if (json.length === 0) {
      throw new UsageError(
        parsed.some((r) => r.name === 'json')
          ? `--output names the file of the JSON report, which --reporter json:<file> already names; give the path once.`
          : '--output names the file of the JSON report; add --reporter json (and --reporter console to keep the console output).',
      );
    }
    json[0]!.output = output;
  }
  const toStdout = parsed.filter((r) => r.output === undefined);
  if (toStdout.length > 1) {
    const names = toStdout.map((r) => r.name);
    if (new Set(names).size < names.length) {
      throw new UsageError(`Each reporter writes to one place once, but --reporter ${names.find((n, i) => names.indexOf(n) !== i)} is given twice for standard output; give it a file (--reporter json:report.json) or remove the repeat.`);
    }
    const [a, b] = names as [ReporterName, ReporterName];
    const fix = b === 'json' || a === 'json' ? 'add --output <file> for the JSON report, or ' : '';
    throw new UsageError(`The ${a} and ${b} reporters would both write to standard output; ${fix}give one of them a file, for example --reporter ${b === 'console' ? a : b}:report.${ext(b === 'console' ? a : b)}.`);
  }
  const files = parsed.filter((r) => r.output !== undefined).map((r) => r.output!);
  const twice = files.find((f, i) => files.indexOf(f) !== i);
  if (twice !== undefined) throw new UsageError(`Two reporters would write to ${twice}; give each reporter its own file.`);
  return parsed;
}

/** parseReporterSpecs, each spec with the flag that names its file (for messages): parsed once per run. */
export function parseReporters(specs: (string | ReporterSpec)[], output?: string, wording: 'cli' | 'api' = 'cli'): ParsedReporterSpec[] {
  return parseReporterSpecs(specs, output, wording).map((spec) => ({
    ...spec,
    outputFlag: spec.name === 'json' && output !== undefined && spec.output === output ? '--output' : `--reporter ${spec.name}:<file>`,
  }));
}

function ext(name: ReporterName): string {
  return { console: 'txt', json: 'json', junit: 'xml', tap: 'tap', html: 'html', markdown: 'md' }[name];
}

interface ReportersOptions {
  /** Where reporters without a file write (default process.stdout). */
  stdout?: NodeJS.WritableStream;
  /** ANSI colours for the console reporter on stdout (default none). */
  color?: boolean;
  /** --verbose: reporters show every scenario and exchange. */
  verbose?: boolean;
  /** The older --output: the file of a json reporter given without one. */
  output?: string;
  /** A terminal to draw a progress line on while the run goes (the CLI passes stderr when it is a TTY). */
  progress?: ProgressStream;
}

/**
 * The reporters of a run, in the order given, from names, `name:file` strings, specs or Reporter
 * objects; specs the CLI already parsed (ParsedReporterSpec) are not parsed again.
 */
export function createReporters(list: (string | ReporterSpec | Reporter)[], options: ReportersOptions): Reporter[] {
  const isReporter = (r: string | ReporterSpec | Reporter): r is Reporter => typeof r === 'object' && 'finish' in r;
  const isParsed = (r: string | ReporterSpec | Reporter): r is ParsedReporterSpec => typeof r === 'object' && 'outputFlag' in r;
  const specs = parseReporters(list.filter((r): r is string | ReporterSpec => !isReporter(r) && !isParsed(r)), options.output, 'api');
  let next = 0;
  const reporters = list.map((r) => {
    if (isReporter(r)) return r;
    const spec = isParsed(r) ? r : specs[next++]!;
    return REPORTERS[spec.name]({
      stdout: options.stdout ?? process.stdout,
      color: options.color ?? false,
      verbose: options.verbose ?? false,
      ...(spec.output !== undefined ? { output: spec.output } : {}),
      outputFlag: spec.outputFlag,
    });
  });
  // Progress first, so its line is erased before any reporter prints.
  return [...(options.progress ? [progressReporter(options.progress)] : []), ...reporters];
}
