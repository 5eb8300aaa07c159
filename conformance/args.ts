// Command-line parsing for bearer-conformance. The flags are a stable interface (issue 3): other
// tools call them, so names and meanings never change; new flags may be added.
import { parseArgs } from 'node:util';
import { GATE_EXAMPLES, GATE_OPTIONS, GATE_USAGE, gateArgs, type GateArgs } from './gate-args.js';
import { UsageError } from './model/exit-codes.js';
import type { TargetFlags } from './model/options.js';
import type { ParsedReporterSpec } from './model/reporter.js';
import { parseReporters, REPORTER_NAMES } from './reporters/index.js';

/** `diff old.json new.json`: the two reports and how to print their comparison. */
export interface DiffArgs {
  before: string;
  after: string;
  format: DiffFormat;
}

export const DIFF_FORMATS = ['text', 'markdown', 'json'] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

export interface CliArgs {
  command: 'run' | 'lint' | 'diff' | 'help' | 'version';
  target: TargetFlags;
  targetFile?: string;
  /** --reporter values as given: `name` or `name:file`. */
  reporters: string[];
  output?: string;
  /** --reporter and --output, parsed once: what run() is given. */
  reporterSpecs: ParsedReporterSpec[];
  /** Replace session tokens and signed values by labels in every report (--redact-tokens). */
  redactTokens: boolean;
  /** Every exchange and the time of each scenario, passing ones included (--verbose). */
  verbose: boolean;
  scenarios: string[];
  concurrency?: number;
  timeoutMs?: number;
  /** --max-body: the largest response body read, in bytes. */
  maxBodyBytes?: number;
  seed?: string;
  maxWaitMs?: number;
  /** --deadline: the whole run's time limit, in milliseconds. */
  deadlineMs?: number;
  strict: boolean;
  /** Selection, expectations, --list and --bail (gate-args.ts). */
  gate: GateArgs;
  /** Set for the diff command. */
  diff?: DiffArgs;
}

const OPTIONS = {
  url: { type: 'string' },
  'require-signature': { type: 'boolean' },
  secret: { type: 'string' },
  origin: { type: 'string' },
  'schema-url': { type: 'string' },
  'schema-file': { type: 'string' },
  'expose-header': { type: 'string', multiple: true },
  header: { type: 'string', multiple: true },
  'session-update-age': { type: 'string' },
  profile: { type: 'string', multiple: true },
  target: { type: 'string' },
  reporter: { type: 'string', multiple: true },
  output: { type: 'string' },
  'redact-tokens': { type: 'boolean' },
  verbose: { type: 'boolean', short: 'v' },
  scenarios: { type: 'string', multiple: true },
  concurrency: { type: 'string' },
  timeout: { type: 'string' },
  'max-body': { type: 'string' },
  seed: { type: 'string' },
  'max-wait': { type: 'string' },
  deadline: { type: 'string' },
  strict: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
  format: { type: 'string' },
  ...GATE_OPTIONS,
} as const;

const COMMANDS = ['run', 'lint', 'diff'] as const;
const HINT = 'Run bearer-conformance --help to see every flag.';

export const USAGE = `Usage: bearer-conformance [options]
       bearer-conformance lint [--scenarios <dir|file>]
       bearer-conformance diff <old.json> <new.json> [--format text|markdown|json]

With no options, starts the reference server in-process in every profile the suite needs
(permissive and signed-only) and runs every scenario against it.

Target (or describe it in a file with --target):
  --url <base URL>           Base URL of the server under test, including the base path
                             (for example http://127.0.0.1:3000/api/auth), without user:password@
                             (refused: give a gateway's credentials with --header).
  --require-signature        The target runs with require_signature true (default: false;
                             --no-require-signature overrides a target file).
  --secret <secret>          The target's secret, for the wire-compatibility checks. Never printed
                             nor written to reports.
  --origin <origin>          An origin the target trusts (default http://localhost:3000).
  --schema-url <url>         URL of the target's schema description, if it publishes one.
  --schema-file <file>       The tables and columns the target's database really has, dumped with
                             one of the README's commands (table|column lines, or a schema
                             description); judged against the core schema like --schema-url.
  --expose-header <name>     A header name the application itself exposes through CORS
                             (repeatable).
  --header 'Name: value'     A header sent on every request, for a gateway in front of the server
                             (an API key, a bypass token; repeatable). Never printed nor written
                             to reports.
  --profile <name>           An optional profile the target takes part in: better-auth, for a
                             drop-in better-auth backend (its cookie name, redirect: false, its
                             error codes, its complete core schema; SPEC.md 4.6).
  --session-update-age <s>   Seconds after which the target refreshes a used session (0: on every
                             request), so the refresh scenarios wait for it and judge it
                             (SPEC.md 4.7; from 0 to 3600).
  --target <file.yaml>       A target file with the same fields (spec/target.schema.json);
                             flags given as well override its fields.

Run:
  --scenarios <dir|file>     Scenario files to run (repeatable; default: the bundled suite).
  --concurrency <n>          Scenarios run at the same time (default: the runner's).
  --timeout <ms>             Time limit per request, in milliseconds.
  --max-body <bytes>         The largest response body the runner reads (default 1048576, 1 MiB); a
                             larger one is a transport error naming the limit.
  --max-wait <ms>            Longest total wait of one request the target rate-limits (429, or 503
                             with Retry-After), in milliseconds (default 120000). Waits are never
                             failures; the report says how long the run waited.
  --deadline <ms>            A time limit for the whole run, in milliseconds (default none). When it
                             passes, requests in flight are aborted and the scenarios not finished are
                             reported as such; the report is written and the exit code is 1.
                             A first SIGINT (Ctrl-C) or SIGTERM ends a run the same way.
  --seed <text>              Derive the run's user names and passwords from this seed (default: a
                             seed drawn and reported), to repeat a run on a fresh server.
  --strict                   SHOULD failures make the target non-conforming (otherwise they warn).

${GATE_USAGE}
Report:
  --reporter <name>[:<file>] ${REPORTER_NAMES.join(', ')} (repeatable; default: console). Each writes to
                             its file, or to standard output without one (at most one may), e.g.
                             --reporter console --reporter junit:junit.xml --reporter html:report.html
                             --reporter markdown:"$GITHUB_STEP_SUMMARY".
  --output <file>            The file of a json reporter given without one (same as json:<file>).
  --redact-tokens            Show session tokens and signed values as <redacted:alice.token>-style
                             labels in every report. The secret never appears in any case.
  -v, --verbose              Every exchange of every scenario, passing ones included: in the
                             console (with the time of each scenario) and in the JSON report
                             (results[].exchanges). --redact-tokens applies to them too.

Commands:
  lint                       Check the scenario files and the requirement coverage; run nothing.
  diff <old.json> <new.json> Compare two JSON reports: the requirements and scenarios whose result
                             changed, per target, as worse, better or other changes. --format text
                             (default), markdown (for a pull-request comment) or json. Exits 0 when
                             nothing got worse, 1 when something did (a result now fails or errs,
                             or the verdict dropped), 2 when a file is not a report.

  -h, --help                 Show this help.
  --version                  Show the suite, spec and report format versions.

Exit codes: 0 conforming, 1 non-conforming (or inconclusive: scenarios errored),
2 bad usage or configuration, 3 invalid scenario files, 4 target unreachable,
5 internal error of the suite itself.
`;

/** Parses argv (without node and the script); throws UsageError with a sentence saying what to do. */
export function parseCliArgs(argv: string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, allowNegative: true, strict: true });
  } catch (error) {
    throw new UsageError(explainParseError(error));
  }
  const { values, positionals } = parsed;

  if (values.help) return emptyArgs('help');
  if (values.version) return emptyArgs('version');

  if (positionals[0] === 'diff') return diffArgs(positionals.slice(1), values);
  if (values.format !== undefined) throw new UsageError(`--format is a flag of the diff command: bearer-conformance diff old.json new.json --format markdown.`);
  if (positionals.length > 1 || (positionals.length === 1 && !isCommand(positionals[0]))) {
    const extra = positionals.find((p) => !isCommand(p)) ?? positionals[1];
    throw new UsageError(
      `"${extra}" is not a command or a flag value. The commands are "lint" and "diff"; the target is given with --url <base URL>. ${HINT}`,
    );
  }
  const command = (positionals[0] as CliArgs['command'] | undefined) ?? 'run';

  const reporters = values.reporter ?? ['console'];
  const reporterSpecs = parseReporters(reporters, values.output);

  return {
    command,
    target: {
      url: values.url,
      requireSignature: values['require-signature'],
      secret: values.secret,
      origin: values.origin,
      schemaUrl: values['schema-url'],
      schemaFile: values['schema-file'],
      exposeHeaders: values['expose-header'],
      headers: values.header,
      profiles: values.profile,
      sessionUpdateAge: values['session-update-age'] === undefined ? undefined : wholeSeconds(values['session-update-age']),
    },
    targetFile: values.target,
    reporters,
    output: values.output,
    reporterSpecs,
    redactTokens: values['redact-tokens'] ?? false,
    verbose: values.verbose ?? false,
    scenarios: values.scenarios ?? [],
    concurrency: positiveInteger('--concurrency', values.concurrency, 'scenarios at a time'),
    timeoutMs: positiveInteger('--timeout', values.timeout, 'milliseconds'),
    maxBodyBytes: positiveInteger('--max-body', values['max-body'], 'bytes'),
    maxWaitMs: positiveInteger('--max-wait', values['max-wait'], 'milliseconds'),
    deadlineMs: positiveInteger('--deadline', values.deadline, 'milliseconds'),
    ...(values.seed !== undefined ? { seed: values.seed } : {}),
    strict: values.strict ?? false,
    gate: gateArgs(values),
  };
}

/** `diff <old.json> <new.json> [--format f]`: exactly two files, and no flag of a run. */
function diffArgs(files: string[], values: Record<string, unknown>): CliArgs {
  if (files.length !== 2) {
    throw new UsageError(`diff compares two JSON reports and got ${files.length} file${files.length === 1 ? '' : 's'}; write bearer-conformance diff old.json new.json.`);
  }
  const others = Object.keys(values).filter((k) => k !== 'format' && values[k] !== undefined);
  if (others.length) throw new UsageError(`diff reads two reports and runs nothing, so --${others[0]} does not apply; its only flag is --format text|markdown|json.`);
  const format = (values.format as string | undefined) ?? 'text';
  if (!(DIFF_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format is text, markdown or json, not "${format}"; for example --format markdown.`);
  return { ...emptyArgs('diff'), diff: { before: files[0]!, after: files[1]!, format: format as DiffFormat } };
}

function emptyArgs(command: CliArgs['command']): CliArgs {
  return { command, target: {}, reporters: [], reporterSpecs: [], redactTokens: false, verbose: false, scenarios: [], strict: false, gate: gateArgs({}) };
}

function isCommand(word: string | undefined): boolean {
  return (COMMANDS as readonly string[]).includes(word ?? '');
}


function positiveInteger(flag: string, raw: string | undefined, unit: string): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^[0-9]+$/.test(raw) || Number(raw) < 1 || !Number.isSafeInteger(Number(raw))) {
    throw new UsageError(`${flag} takes a whole number of ${unit}, at least 1, but got "${raw}"; for example ${flag} 4.`);
  }
  return Number(raw);
}

/** Rewrites node:util's messages (codes are stable, wording is not) into sentences with a next step. */
function explainParseError(error: unknown): string {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const option = /'(-[^' ]+)/.exec(message)?.[1] ?? 'this flag';
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `${option} is not a flag of bearer-conformance. ${HINT}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/does not take an argument/.test(message)) {
        return `${option} is a switch and takes no value; write ${option} alone, or --no-${option.replace(/^--/, '')} for false.`;
      }
      if (/ambiguous/.test(message)) {
        return `${option} is followed by something that looks like a flag; if that is its value, write ${option}=<value>, otherwise give the value, for example ${example(option)}.`;
      }
      return `${option} needs a value, for example ${example(option)}. ${HINT}`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `Unexpected argument in the command line. ${HINT}`;
    default:
      return `${message} ${HINT}`;
  }
}

function example(option: string): string {
  const examples: Record<string, string> = {
    '--url': '--url http://127.0.0.1:3000/api/auth',
    '--origin': '--origin http://localhost:3000',
    '--secret': '--secret "$BETTER_AUTH_SECRET"',
    '--schema-url': '--schema-url http://127.0.0.1:3000/api/auth/schema',
    '--schema-file': '--schema-file schema.txt',
    '--expose-header': '--expose-header X-Request-Id',
    '--header': `--header 'X-Api-Key: $API_KEY'`,
    '--session-update-age': '--session-update-age 0',
    '--profile': '--profile better-auth',
    '--target': '--target target.yaml',
    '--reporter': '--reporter junit:junit.xml',
    '--output': '--output report.json',
    '--scenarios': '--scenarios conformance/scenarios',
    '--concurrency': '--concurrency 4',
    '--timeout': '--timeout 5000',
    '--format': '--format markdown',
    '--max-body': '--max-body 4194304',
    '--max-wait': '--max-wait 300000',
    '--deadline': '--deadline 600000',
    '--seed': '--seed ci-1234',
    ...GATE_EXAMPLES,
  };
  return examples[option] ?? `${option} <value>`;
}

/** A declared session update age: the refresh scenarios wait this long, so an hour is the most. */
function wholeSeconds(text: string): number {
  if (!/^[0-9]+$/.test(text) || Number(text) > 3600) {
    throw new UsageError(`--session-update-age takes a whole number of seconds from 0 to 3600, such as --session-update-age 0; got "${text}".`);
  }
  return Number(text);
}
