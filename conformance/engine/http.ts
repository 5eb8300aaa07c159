// Sending requests exactly as written (undici, headers as a flat list so repeated and odd-cased names
// go out verbatim) and keeping responses exactly as received (raw field lines, in order).
import { maxHeaderSize } from 'node:http';
import { Agent, request, type Dispatcher } from 'undici';

export interface HttpRequest {
  method: string;
  url: string;
  headers: [string, string][];
  body?: string;
}

export interface HttpResponse {
  status: number;
  headers: [string, string][];
  body: string;
}

type TransportErrorKind = 'timeout' | 'refused' | 'reset' | 'not-http' | 'too-large' | 'unresolved' | 'invalid-request' | 'other';

/**
 * The largest response body read (--max-body). better-auth's answers are a few kilobytes; the cap
 * keeps a target that sends megabytes, or a body that never ends, from filling the runner's memory:
 * at most this much per request in flight.
 */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** The request got no complete response: nothing about the target can be judged from it. */
export class TransportError extends Error {
  override name = 'TransportError';
  constructor(
    readonly kind: TransportErrorKind,
    readonly code: string,
    message: string,
    /** The status line and headers had arrived: the target did answer, then the body failed. */
    readonly headReceived = false,
  ) {
    super(message);
  }
}

export interface HttpClient {
  /** `signal` (the run's deadline or an interruption) aborts the request, wherever it is, besides the client's own timeout. */
  send(req: HttpRequest, signal?: AbortSignal): Promise<HttpResponse>;
  /** Closes every connection, in-flight or idle. */
  close(): Promise<void>;
}

export interface ClientOptions {
  timeoutMs: number;
  /** Default DEFAULT_MAX_BODY_BYTES. */
  maxBodyBytes?: number;
  /** Extra header lines added to every request as it leaves (Target.headers); never recorded. */
  headers?: [string, string][];
}

/** A client with its own connection pool, so a run never shares sockets with its caller. */
export function createClient(options: ClientOptions): HttpClient {
  const { timeoutMs } = options;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const extra = options.headers ?? [];
  // Status line and header lines together: Node's limit (16 KiB unless --max-http-header-size says otherwise).
  const agent = new Agent({ connect: { timeout: timeoutMs }, headersTimeout: timeoutMs, bodyTimeout: timeoutMs, maxHeaderSize });
  return {
    async send(req, signal) {
      let headReceived = false;
      try {
        const res = await request(req.url, {
          dispatcher: agent,
          method: req.method as 'GET',
          // Field values go out as their UTF-8 bytes (undici writes strings as latin1).
          headers: [...req.headers, ...extra].flatMap(([n, v]) => [n, Buffer.from(v, 'utf8').toString('latin1')]),
          body: req.body,
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
          // A hard deadline for the whole exchange: undici's own timers are coarse.
          signal: signal ? AbortSignal.any([AbortSignal.timeout(timeoutMs), signal]) : AbortSignal.timeout(timeoutMs),
          responseHeaders: 'raw',
        });
        headReceived = true;
        const raw = res.headers as unknown as string[];
        const headers: [string, string][] = [];
        for (let i = 0; i + 1 < raw.length; i += 2) headers.push([raw[i]!, raw[i + 1]!]);
        return { status: res.statusCode, headers, body: await readCapped(res.body, headers, maxBodyBytes, req) };
      } catch (e) {
        if (e instanceof TransportError) throw e;
        throw classify(e, req, timeoutMs, headReceived);
      }
    },
    async close() {
      await agent.destroy();
    },
  };
}

/** The body as text, or a 'too-large' TransportError once it passes `limit` bytes (the rest is not read). */
async function readCapped(body: Dispatcher.ResponseData['body'], headers: [string, string][], limit: number, req: HttpRequest): Promise<string> {
  const tooLarge = (seen: string) => {
    // Destroying an unread body makes undici emit an abort error, which is this very stop: expected.
    body.on('error', () => undefined);
    body.destroy();
    return new TransportError(
      'too-large',
      'BODY_TOO_LARGE',
      `${req.method} ${req.url}: the response body is larger than the ${sizeText(limit)} limit (${seen}); raise it with --max-body <bytes> if the target's answers are really that large`,
      true,
    );
  };
  const declared = Number(fieldValues(headers, 'content-length')[0]);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(`Content-Length: ${declared}`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > limit) throw tooLarge(`more than ${limit} bytes arrived`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size).toString('utf8');
}

/** 1048576 -> '1 MiB (1048576 bytes)'; other sizes in bytes. */
export function sizeText(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  const kib = bytes / 1024;
  if (Number.isInteger(mib)) return `${mib} MiB (${bytes} bytes)`;
  if (Number.isInteger(kib)) return `${kib} KiB (${bytes} bytes)`;
  return `${bytes}-byte`;
}

function classify(e: unknown, req: HttpRequest, timeoutMs: number, headReceived: boolean): TransportError {
  const err = e as { code?: unknown; name?: string; message?: string; cause?: { code?: unknown } };
  // DOMException (the deadline signal) has a numeric code; its name is what identifies it.
  const code = [err.code, err.cause?.code, err.name].find((c): c is string => typeof c === 'string') ?? 'ERROR';
  const target = `${req.method} ${req.url}`;
  if (code === 'ECONNREFUSED') return new TransportError('refused', code, `${target}: connection refused`, headReceived);
  if (
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT' ||
    code === 'UND_ERR_CONNECT_TIMEOUT' ||
    code === 'TimeoutError' ||
    err.name === 'TimeoutError'
  ) {
    return new TransportError('timeout', code, `${target}: no complete response within ${timeoutMs} ms`, headReceived);
  }
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') {
    return new TransportError('reset', code, `${target}: the connection was closed before a complete response (${code})`, headReceived);
  }
  // undici's parser error (no code of its own, only its name) means the bytes were not an HTTP/1.1 response.
  if (err.name === 'HTTPParserError' || code.startsWith('HPE_')) {
    return new TransportError('not-http', code, `${target}: the target answered bytes that are not an HTTP/1.0 or HTTP/1.1 response (${err.message})`, headReceived);
  }
  if (code === 'UND_ERR_HEADERS_OVERFLOW') {
    return new TransportError(
      'too-large',
      code,
      `${target}: the response's status line and headers are larger than the ${sizeText(maxHeaderSize)} header limit of Node's HTTP client (raise it with NODE_OPTIONS=--max-http-header-size=<bytes>)`,
      headReceived,
    );
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new TransportError('unresolved', code, `${target}: the host name does not resolve (${code})`, headReceived);
  }
  if (code === 'UND_ERR_INVALID_ARG' || code === 'ERR_INVALID_URL') {
    return new TransportError('invalid-request', code, `${target}: the request cannot be sent: ${err.message}`, headReceived);
  }
  return new TransportError('other', code, `${target}: ${err.message ?? String(e)}`, headReceived);
}

/** The values of every field line named `name` (case-insensitive), in order. */
export function fieldValues(headers: [string, string][], name: string): string[] {
  const lower = name.toLowerCase();
  return headers.filter(([n]) => n.toLowerCase() === lower).map(([, v]) => v);
}

/** The members of a comma-separated list header across all its field lines, trimmed, empties dropped. */
export function listMembers(headers: [string, string][], name: string): string[] {
  return fieldValues(headers, name)
    .flatMap((v) => v.split(','))
    .map((m) => m.trim())
    .filter((m) => m !== '');
}

/** The shell variable a curl command or rerun command uses where the target secret would go. */
export const SECRET_VARIABLE = 'BEARER_CONFORMANCE_SECRET';

/** Header names curl adds on its own, removed (`-H 'Name:'`) unless the request sends them itself. */
const CURL_DEFAULTS = ['User-Agent', 'Accept'];

/**
 * A POSIX-shell curl command that sends the same request (for failure diagnostics): every argument
 * single-quoted, no URL globbing, no path normalisation, none of curl's own headers. Each occurrence of
 * a secret becomes "$BEARER_CONFORMANCE_SECRET", so the command never holds the secret itself.
 */
export function toCurl(req: HttpRequest, options: { secrets?: string[] } = {}): string {
  const secrets = (options.secrets ?? []).filter((s) => s !== '');
  const q = (s: string) => splitAll(s, secrets).map(quote).join(`"$${SECRET_VARIABLE}"`);
  const parts = ['curl', '-sS', '-i', '-g', '--path-as-is'];
  if (req.method === 'HEAD') parts.push('--head');
  else if (req.method !== 'GET' || req.body !== undefined) parts.push('-X', /^[A-Z]+$/.test(req.method) ? req.method : q(req.method));
  const sent = new Set(req.headers.map(([n]) => n.toLowerCase()));
  const removed = [...CURL_DEFAULTS, ...(req.body !== undefined ? ['Content-Type'] : [])].filter((n) => !sent.has(n.toLowerCase()));
  for (const n of removed) parts.push('-H', quote(`${n}:`));
  for (const [n, v] of req.headers) parts.push('-H', q(v === '' ? `${n};` : `${n}: ${v}`));
  if (req.body !== undefined) parts.push('--data-raw', q(req.body));
  parts.push(q(req.url));
  return parts.join(' ');
}

/** A single-quoted shell word: nothing inside is interpreted; a quote is written '\''. */
export function quote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** `s` split at every occurrence of any needle (longest first). */
function splitAll(s: string, needles: string[]): string[] {
  let pieces = [s];
  for (const n of [...needles].sort((a, b) => b.length - a.length)) pieces = pieces.flatMap((p) => p.split(n));
  return pieces;
}
