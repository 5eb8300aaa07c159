// What a person needs to act on a failure: a JSON diff of expected and actual, the exchange written
// out as text, a curl command that sends the failing request again, and the command that reruns only
// the scenario. Computed once when the report is built; every reporter renders the same facts.
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { jsonDiff } from './diff.js';
import { quote, SECRET_VARIABLE, toCurl } from '../engine/http.js';
import type { DiffEntry, TargetDescription } from '../model/report.js';
import type { Exchange, Failure } from '../model/result.js';
import { DEFAULT_ORIGIN } from '../model/target.js';
import { packageFile } from '../suite/spec-files.js';

/** Checks whose expected and actual values are JSON documents worth diffing path by path. */
const DIFFED_CHECKS = new Set(['json', 'session_of']);

const PROGRAM = 'bearer-conformance';

interface FailureDiagnostics {
  diff?: DiffEntry[];
  curl?: string;
}

/** The diff (for JSON checks) and the curl command (when the failing request was built) of one failure. */
export function failureDiagnostics(f: Failure, secrets: string[]): FailureDiagnostics {
  const out: FailureDiagnostics = {};
  if (DIFFED_CHECKS.has(f.check) && isStructured(f.expected) && f.actual !== undefined) {
    const diff = jsonDiff(f.expected, f.actual);
    if (diff.length) out.diff = diff;
  }
  if (f.exchange) out.curl = toCurl(f.exchange.request, { secrets });
  return out;
}

function isStructured(v: unknown): boolean {
  return v !== null && typeof v === 'object';
}

/** What the rerun command needs to know about the target: the report's target description. */
type RerunTarget = Omit<TargetDescription, 'name'>;

/**
 * The command that runs only this scenario against the same target: the target flags (the secret as
 * "$BEARER_CONFORMANCE_SECRET"), --scenarios when the file is not part of the bundled suite, and
 * --grep with the scenario id anchored. Embedded runs need no target flags.
 */
export function rerunCommand(scenario: { id: string; file: string }, target: RerunTarget | undefined): string {
  const words = [PROGRAM];
  if (target) {
    words.push('--url', word(target.url));
    if (target.require_signature) words.push('--require-signature');
    if (target.secret_given) words.push('--secret', `"$${SECRET_VARIABLE}"`);
    if (target.origin !== DEFAULT_ORIGIN) words.push('--origin', word(target.origin));
    if (target.schema_url) words.push('--schema-url', word(target.schema_url));
    if (target.schema_file) words.push('--schema-file', word(target.schema_file));
    for (const h of target.exposed_headers) words.push('--expose-header', word(h));
    for (const p of target.profiles ?? []) words.push('--profile', word(p));
    if (target.session_update_age !== undefined) words.push('--session-update-age', String(target.session_update_age));
  }
  if (!isBundled(scenario.file)) words.push('--scenarios', word(scenario.file));
  words.push('--grep', word(`^${scenario.id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
  return words.join(' ');
}

/** A shell word: as it is when it holds only characters no shell interprets, else single-quoted. */
function word(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : quote(s);
}

function isBundled(file: string): boolean {
  const root = resolve(packageFile('conformance/scenarios'));
  const full = resolve(file);
  return full.startsWith(root + sep);
}

/** A path for messages: relative to the working directory when inside it. */
export function displayPath(file: string): string {
  const rel = isAbsolute(file) ? relative(process.cwd(), file) : file;
  return rel.startsWith('..') || rel === '' ? file : rel;
}

interface ExchangeLimits {
  /** Characters of each field value shown. */
  value: number;
  /** Characters of each body shown. */
  body: number;
  /** Field lines shown per message. */
  lines: number;
}

const EXCHANGE_LIMITS: ExchangeLimits = { value: 300, body: 1500, lines: 40 };

/**
 * The exchange as text, curl -v style: `> ` lines for the request (request line, field lines, body),
 * `< ` lines for the response. Long values and bodies are cut, saying how long they were.
 */
export function exchangeLines(ex: Exchange, limits: ExchangeLimits = EXCHANGE_LIMITS): string[] {
  const out: string[] = [];
  const fields = (prefix: string, headers: [string, string][]) => {
    for (const [n, v] of headers.slice(0, limits.lines)) out.push(`${prefix}${n}: ${cut(printable(v), limits.value)}`);
    if (headers.length > limits.lines) out.push(`${prefix}... ${headers.length - limits.lines} more field lines`);
  };
  const body = (prefix: string, text: string | undefined) => {
    if (text === undefined || text === '') return;
    out.push(prefix.trimEnd());
    for (const line of cut(text, limits.body).split(/\r?\n/)) out.push(`${prefix}${printable(line)}`);
  };
  out.push(`> ${ex.request.method} ${cut(printable(ex.request.url), limits.value)}`);
  fields('> ', ex.request.headers);
  body('> ', ex.request.body);
  if (!ex.response) {
    out.push('< (no response)');
    return out;
  }
  out.push(`< ${ex.response.status}`);
  fields('< ', ex.response.headers);
  body('< ', ex.response.body);
  return out;
}

/** `text`, or its first `max` characters and how long it was. */
export function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text;
}

/**
 * Text a target sent, safe to show a person: control characters as \xNN, so a hostile value cannot
 * rewrite the terminal; bidirectional controls as \u{NNNN}, so it cannot reorder what is shown
 * around it ("Trojan Source"); lone surrogates, which no encoding can write, as U+FFFD.
 */
export function printable(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
    .replace(/[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g, (c) => `\\u{${c.charCodeAt(0).toString(16)}}`)
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}
