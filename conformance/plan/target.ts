// The target description: from flags, from a YAML target file (spec/target.schema.json), or both
// (flags override the file). Errors point at file:line:col and say how to fix them.
import { dirname, resolve } from 'node:path';
import type { ErrorObject } from 'ajv';
import { TargetFileError, UsageError, type SourcePosition } from '../model/exit-codes.js';
import type { TargetFlags } from '../model/options.js';
import { type Target, DEFAULT_ORIGIN, RESERVED_HEADER } from '../model/target.js';
import { readSchemaFile, schemaFilePath } from './schema-file.js';
import { dedupe, errorOffset, offsetOf, pointerPath, typeName } from '../suite/yaml-positions.js';
import { readUserFile } from '../suite/files.js';
import { compiledSchema } from '../suite/schemas.js';
import { yamlLibrary } from '../suite/yaml-library.js';

/** The target file's fields, as spec/target.schema.json describes them. */
interface TargetFileFields {
  name?: string;
  url: string;
  require_signature?: boolean;
  secret?: string;
  secret_env?: string;
  origin?: string;
  schema_url?: string;
  schema_file?: string;
  exposed_headers?: string[];
  headers?: Record<string, string | { env: string }>;
  profiles?: string[];
  session_update_age?: number;
}

/** True when the flags name no target at all: the no-argument form, the embedded run. */
/** The target flags among a run's options (other options must not reach resolveTarget). */
export function targetFlagsOf(options: TargetFlags): TargetFlags {
  const { url, requireSignature, secret, origin, schemaUrl, schemaFile, exposeHeaders, headers, profiles, sessionUpdateAge } = options;
  return { url, requireSignature, secret, origin, schemaUrl, schemaFile, exposeHeaders, headers, profiles, sessionUpdateAge };
}

export function isEmbedded(flags: TargetFlags, targetFile?: string): boolean {
  return targetFile === undefined && Object.values(flags).every((v) => v === undefined);
}

/** Builds the target from the flags and the optional file; throws UsageError / TargetFileError. */
export async function resolveTarget(flags: TargetFlags, targetFile?: string): Promise<Target> {
  const file = targetFile === undefined ? undefined : await readTargetFile(targetFile);
  const url = flags.url ?? file?.url;
  if (url === undefined) {
    const given = Object.entries(flags).filter(([, v]) => v !== undefined).map(([k]) => flagName(k));
    throw new UsageError(
      `${given.join(', ')} ${given.length === 1 ? 'describes' : 'describe'} a target, but no target was named; ` +
        'add --url <base URL> (for example --url http://127.0.0.1:3000/api/auth), or give --target <file.yaml>.',
    );
  }
  const target: Target = {
    name: file?.name ?? defaultName(checkUrl('--url', url)),
    url: checkUrl('--url', url).replace(/\/+$/, ''),
    requireSignature: flags.requireSignature ?? file?.require_signature ?? false,
    origin: checkOrigin(flags.origin ?? file?.origin ?? DEFAULT_ORIGIN),
  };
  const secret = flags.secret ?? file?.secret;
  if (secret !== undefined) {
    if (secret === '') throw new UsageError('--secret is empty; give the target\'s secret, or leave the flag out to skip the wire-compatibility checks.');
    target.secret = secret;
  }
  const schemaUrl = flags.schemaUrl ?? file?.schema_url;
  if (schemaUrl !== undefined) target.schemaUrl = checkUrl('--schema-url', schemaUrl);
  // The flag is relative to the working directory, the file's field to the target file.
  const schemaFile = flags.schemaFile !== undefined ? schemaFilePath(flags.schemaFile) : file?.schema_file !== undefined ? schemaFilePath(file.schema_file, dirname(resolve(targetFile!))) : undefined;
  if (schemaFile !== undefined) {
    await readSchemaFile(schemaFile); // a missing or malformed dump stops the run here, before any request
    target.schemaFile = schemaFile;
  }
  const exposed = flags.exposeHeaders ?? file?.exposed_headers;
  if (exposed !== undefined) target.exposedHeaders = exposed.map(checkHeaderName);
  // readTargetFile has replaced every {env} value by the variable's value.
  const headers = extraHeaders((file?.headers ?? {}) as Record<string, string>, flags.headers ?? []);
  if (headers.length) target.headers = headers;
  const profiles = flags.profiles ?? file?.profiles;
  if (profiles !== undefined) target.profiles = [...new Set(profiles.map(checkProfile))];
  const updateAge = flags.sessionUpdateAge ?? file?.session_update_age;
  if (updateAge !== undefined) target.sessionUpdateAge = updateAge;
  return target;
}

/** The file's headers, then the --header flags, a flag replacing the file's line of the same name. */
function extraHeaders(fromFile: Record<string, string>, flags: string[]): [string, string][] {
  const lines = new Map<string, [string, string]>();
  for (const [name, value] of Object.entries(fromFile)) lines.set(name.toLowerCase(), checkExtraHeader(name, value, 'headers in the target file'));
  for (const flag of flags) {
    const colon = flag.indexOf(':');
    if (colon <= 0) throw new UsageError(`--header "${flag}" is not a header line; give it as 'Name: value', such as --header 'X-Api-Key: ...'.`);
    const name = flag.slice(0, colon).trim();
    lines.set(name.toLowerCase(), checkExtraHeader(name, flag.slice(colon + 1).trim(), '--header'));
  }
  return [...lines.values()];
}

function checkExtraHeader(name: string, value: string, where: string): [string, string] {
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
    throw new UsageError(`${where}: "${name}" is not a header name; give a name such as X-Api-Key.`);
  }
  if (RESERVED_HEADER.test(name)) {
    throw new UsageError(
      `${where}: ${name} cannot be an extra header, because the scenarios set it themselves to test the server; ` +
        'extra headers are for a gateway in front of it (an API key, a bypass token), under another name.',
    );
  }
  if (/[\0-\x08\x0a-\x1f\x7f]/.test(value)) throw new UsageError(`${where}: the value of ${name} holds a control character; give it on one line.`);
  return [name, value];
}

function flagName(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`).replace('expose-headers', 'expose-header').replace('profiles', 'profile')}`;
}

/** The optional profiles a target can declare (SPEC.md 4.6); the wire profile is declared by giving the secret. */
const KNOWN_PROFILES: readonly string[] = ['better-auth'];

function checkProfile(name: string): string {
  if (!KNOWN_PROFILES.includes(name)) {
    throw new UsageError(`--profile "${name}" is not a profile of the spec; the one a target declares is better-auth (the wire-compatibility profile is taken part in by giving --secret).`);
  }
  return name;
}

/** Anything before an `@` in a URL's authority: a user name and password a message must not repeat. */
const USERINFO = /^([^:/?#]*:\/*)[^/?#]*@/;

function checkUrl(flag: string, value: string): string {
  // Messages show the URL without its credentials: they go to terminals and CI logs.
  const shown = value.replace(USERINFO, '$1…@');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${flag} "${shown}" is not a URL; give an absolute http:// or https:// URL such as http://127.0.0.1:3000/api/auth.`);
  }
  // Never sent (undici drops them; the Authorization header is the bearer's), so never accepted (INTERPRETING.md section 2).
  if (url.username !== '' || url.password !== '' || USERINFO.test(value)) {
    throw new UsageError(
      `${flag} "${shown}" holds a user name or password; the suite sends no credentials from a URL (its Authorization header carries the bearer token under test), ` +
        `so give the URL without them, and for a gateway that needs credentials pass them as a header, for example --header 'X-Api-Key: ...'.`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`${flag} "${shown}" uses ${url.protocol.slice(0, -1)}; the suite speaks HTTP, so give an http:// or https:// URL.`);
  }
  if (url.search || url.hash) {
    throw new UsageError(`${flag} "${shown}" has a query or fragment; give the base URL alone, such as http://127.0.0.1:3000/api/auth.`);
  }
  return value;
}

function checkOrigin(value: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  const normalized = value.replace(/\/$/, '');
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== normalized) {
    throw new UsageError(`--origin "${value.replace(USERINFO, '$1…@')}" is not an origin; give scheme, host and port only, such as http://localhost:3000.`);
  }
  return normalized;
}

function checkHeaderName(name: string): string {
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
    throw new UsageError(`--expose-header "${name}" is not a header name; give a name such as X-Request-Id, once per flag.`);
  }
  return name;
}

function defaultName(url: string): string {
  return new URL(url).host;
}

/** Reads and validates a target file; every problem is reported with file:line:col. */
async function readTargetFile(file: string): Promise<TargetFileFields> {
  const text = await readUserFile(file, 'target file', 'Check the path given to --target.');
  const { LineCounter, parseDocument } = yamlLibrary();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const at = (offset: number, message: string): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, col, message };
  };
  if (doc.errors.length) {
    throw new TargetFileError(doc.errors.map((e) => at(e.pos[0], `${e.message.split('\n')[0]} (the file is not valid YAML)`)));
  }
  const data = doc.toJS() as unknown;
  const check = compiledSchema('target.schema.json').validate;
  if (!check(data)) {
    const errors = check.errors ?? [];
    // A value of the wrong type makes its other errors noise (a list has no "url" to require).
    const wrongType = new Set(errors.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
    const relevant = errors.filter((e) => e.keyword === 'type' || !wrongType.has(e.instancePath));
    const problems = relevant.map((e) => at(errorOffset(doc, e), explain(e)));
    throw new TargetFileError(dedupe(problems));
  }
  const fields = data as TargetFileFields;
  if (fields.secret_env !== undefined) {
    const value = process.env[fields.secret_env];
    if (value === undefined || value === '') {
      throw new TargetFileError([
        at(offsetOf(doc, ['secret_env']), `secret_env names the environment variable ${fields.secret_env}, which is not set; export it, or remove secret_env to skip the wire-compatibility checks.`),
      ]);
    }
    fields.secret = value;
  }
  for (const [name, value] of Object.entries(fields.headers ?? {})) {
    if (typeof value === 'string') continue;
    const from = process.env[value.env];
    if (from === undefined || from === '') {
      throw new TargetFileError([at(offsetOf(doc, ['headers', name, 'env']), `headers.${name} takes its value from the environment variable ${value.env}, which is not set; export it, or remove the header.`)]);
    }
    fields.headers![name] = from;
  }
  return fields;
}

const FIELDS = 'name, url, require_signature, secret, secret_env, origin, schema_url, schema_file, exposed_headers, headers, profiles and session_update_age';

function explain(e: ErrorObject): string {
  const field = pointerPath(e.instancePath).join('.') || 'the file';
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties':
      return `"${String(params.additionalProperty)}" is not a target field; the fields are ${FIELDS}.`;
    case 'required':
      return `${field === 'the file' ? 'The file' : field} lacks "${String(params.missingProperty)}"; add url: <base URL>, such as url: http://127.0.0.1:3000/api/auth.`;
    case 'type':
      return field === 'the file'
        ? `The file holds a ${typeName(e.data)}, not a mapping of fields; write fields such as url: http://127.0.0.1:3000/api/auth.`
        : `${field} is a ${typeName(e.data)}; it has to be a ${String(params.type)}.`;
    case 'pattern': {
      const description = (e.parentSchema as { description?: string } | undefined)?.description;
      return `${field} ${JSON.stringify(e.data)} has the wrong form${description ? `: ${description}` : '.'}`;
    }
    case 'not':
      return 'The file gives both secret and secret_env; keep one of them.';
    case 'uniqueItems':
      return `${field} lists a name twice; list each name once.`;
    default:
      return `${field} ${e.message ?? 'is invalid'}.`;
  }
}

