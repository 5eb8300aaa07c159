// The plain request and reply the core works on. The node:http glue (server.ts) converts to and from
// these, so the whole server is one function `respond(request) -> reply` that variants can wrap.
import type { IncomingHttpHeaders } from 'node:http';

export interface AuthRequest {
  method: string;
  /** The request target as sent: path and query. */
  url: string;
  /** The path part of the target, before any `?`, not decoded. */
  path: string;
  /** Request headers with lower-case names, as node:http gives them. */
  headers: IncomingHttpHeaders;
  /** The body as UTF-8 text ('' when there is none). */
  body: string;
  remoteAddress: string | null;
}

export interface Reply {
  status: number;
  /** Header lines in order; a name may repeat (set-cookie). */
  headers: [string, string][];
  body: string;
}

export type Responder = (request: AuthRequest) => Promise<Reply>;

/** An ordered list of response header lines; names compare case-insensitively. */
export class ResponseHeaders {
  readonly #lines: [string, string][] = [];

  /** All lines of `name` joined with ", " (how HTTP combines repeated fields), or undefined. */
  get(name: string): string | undefined {
    const values = this.getAll(name);
    return values.length === 0 ? undefined : values.join(', ');
  }

  getAll(name: string): string[] {
    const key = name.toLowerCase();
    return this.#lines.filter(([n]) => n.toLowerCase() === key).map(([, v]) => v);
  }

  has(name: string): boolean {
    return this.getAll(name).length > 0;
  }

  /** Replaces every line of `name` with one line. */
  set(name: string, value: string): void {
    this.delete(name);
    this.#lines.push([name, value]);
  }

  append(name: string, value: string): void {
    this.#lines.push([name, value]);
  }

  delete(name: string): void {
    const key = name.toLowerCase();
    for (let i = this.#lines.length - 1; i >= 0; i--) if (this.#lines[i][0].toLowerCase() === key) this.#lines.splice(i, 1);
  }

  entries(): [string, string][] {
    return this.#lines.map(([n, v]) => [n, v]);
  }
}
