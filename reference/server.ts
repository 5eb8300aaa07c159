// node:http glue: reads the request (with a body size limit), calls the responder, writes the reply.
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AuthRequest, Reply, Responder } from './messages.js';

export interface ReferenceServer {
  /** Base URL including the base path, e.g. http://127.0.0.1:40123/api/auth. */
  url: string;
  /** The read-only schema description, `${url}/schema`. */
  schemaUrl: string;
  /** Stops listening and ends open connections. Safe to call twice. */
  close(): Promise<void>;
}

const TOO_LARGE = Symbol('too large');
const ABORTED = Symbol('aborted');

export function toNodeHandler(respond: Responder, maxBodyBytes: number): RequestListener {
  return (req, res) => {
    void serve(req, res, respond, maxBodyBytes);
  };
}

async function serve(req: IncomingMessage, res: ServerResponse, respond: Responder, maxBodyBytes: number): Promise<void> {
  let reply: Reply;
  try {
    const body = await readBody(req, maxBodyBytes);
    if (body === ABORTED) return; // the client went away; nobody to answer
    reply = body === TOO_LARGE
      ? jsonReply(413, 'PAYLOAD_TOO_LARGE', `The request body is larger than ${maxBodyBytes} bytes.`, [['Connection', 'close']])
      : await respond(toAuthRequest(req, body));
  } catch (error) {
    // Last resort for a defect in the server: bad input is answered with 4xx long before this.
    console.error('bearer-reference: internal error while answering', req.method, req.url, error);
    reply = jsonReply(500, 'INTERNAL_SERVER_ERROR', 'The reference server hit a defect; see its stderr.');
  }
  writeReply(res, reply);
}

function toAuthRequest(req: IncomingMessage, body: string): AuthRequest {
  const url = req.url ?? '/';
  return {
    method: req.method ?? 'GET',
    url,
    path: pathOf(url),
    headers: req.headers,
    body,
    remoteAddress: req.socket.remoteAddress ?? null,
  };
}

/** The path of a request target: origin-form `/p?q`, or absolute-form `http://host/p?q` (RFC 9112 section 3.2). */
function pathOf(target: string): string {
  if (!target.startsWith('/')) {
    try {
      return new URL(target).pathname;
    } catch {
      return target; // `*` or junk: matches no route, so 404
    }
  }
  const query = target.indexOf('?');
  return query < 0 ? target : target.slice(0, query);
}

/** The body as UTF-8 text, or TOO_LARGE past the limit (the rest is drained unread), or ABORTED. */
function readBody(req: IncomingMessage, limit: number): Promise<string | typeof TOO_LARGE | typeof ABORTED> {
  // Speed only: no Content-Length and no Transfer-Encoding means no body (RFC 9112 section 6.3), so
  // there is nothing to wait for; node drains the (empty) stream once the response ends.
  if (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined) return Promise.resolve('');
  return new Promise((resolve) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      resolve(TOO_LARGE);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.resume();
        resolve(TOO_LARGE);
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(ABORTED));
    req.on('close', () => resolve(ABORTED)); // no effect after 'end'; catches a client gone mid-body
  });
}

function jsonReply(status: number, code: string, message: string, extra: [string, string][] = []): Reply {
  return {
    status,
    headers: [['Content-Type', 'application/json; charset=utf-8'], ['Cache-Control', 'no-store'], ...extra],
    body: JSON.stringify({ message, code }),
  };
}

function writeReply(res: ServerResponse, reply: Reply): void {
  try {
    // Speed only: one flat list for writeHead, cheaper than a setHeader/appendHeader call per line.
    const lines: string[] = [];
    for (const [name, value] of reply.headers) lines.push(name, value);
    // RFC 9110: no Content-Length on 204 and 304.
    if (reply.status !== 204 && reply.status !== 304) lines.push('Content-Length', String(Buffer.byteLength(reply.body)));
    res.writeHead(reply.status, lines);
    res.end(reply.body);
  } catch (error) {
    // A header value node refuses (only a variant's wrapper can produce one): answer 500 if still possible.
    console.error('bearer-reference: could not write the reply', error);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    for (const name of res.getHeaderNames()) res.removeHeader(name);
    res.statusCode = 500;
    res.end();
  }
}

/** Listens on `host:port` and resolves once the port is bound. */
export async function listen(respond: Responder, options: { port: number; host: string; basePath: string; maxBodyBytes: number }): Promise<ReferenceServer> {
  const server = createServer(toNodeHandler(respond, options.maxBodyBytes));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `http://${host}:${port}${options.basePath}`;

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      // Idle keep-alive sockets would hold close() open; requests in flight may finish for a moment.
      server.closeIdleConnections();
      setTimeout(() => server.closeAllConnections(), 1000).unref();
    });
    return closing;
  };
  return { url, schemaUrl: `${url}/schema`, close };
}
