// The core request pipeline, in the order a request meets it:
//   route lookup (404) -> preflight (OPTIONS) -> method (405) -> session cookie
//   -> POST origin check (403) -> JSON body (400) -> the plugin's request seam -> route handler
//   -> response headers (CORS, Set-Cookie), then the plugin's response seam.
import type { RequestListener } from 'node:http';
import { corsHeaders, preflightHeaders, trustedOriginOf } from './cors.js';
import { readCookie, serializeCookie, SESSION_COOKIE } from './cookies.js';
import { type AuthRequest, type Reply, type Responder, ResponseHeaders } from './messages.js';
import { type ReferenceOptions, type ResolvedOptions, resolveOptions } from './options.js';
import { checkPostOrigin } from './origin-check.js';
import type { SessionCookieRead } from './plugin.js';
import { createRoutes, error, type RouteResult } from './routes.js';
import { describeSchema } from './schema.js';
import { listen, type ReferenceServer, toNodeHandler } from './server.js';
import { createVerifier } from './sign.js';
import { MemoryStore } from './store.js';

export interface ReferenceApp {
  readonly options: ResolvedOptions;
  readonly store: MemoryStore;
  /** The whole server as one function; wrap it to build a variant that changes core behaviour. */
  readonly respond: Responder;
  /** A node:http request listener serving `respond`. */
  readonly handle: RequestListener;
  /** Listens on options.host:options.port, serving `respond` or the given wrapper of it. */
  listen(responder?: Responder): Promise<ReferenceServer>;
}

export function createReferenceApp(input: ReferenceOptions = {}): ReferenceApp {
  const options = resolveOptions(input);
  const plugin = options.bearer;
  const verify = createVerifier(options.secret);
  const store = new MemoryStore({ expiresIn: options.sessionExpiresIn, updateAge: options.sessionUpdateAge, maxPerUser: options.maxSessionsPerUser });
  const routes = createRoutes({
    store,
    secret: options.secret,
    sessionExpiresIn: options.sessionExpiresIn,
    schema: describeSchema(plugin?.schema),
    passwordHashCost: options.passwordHashCost,
  });

  function readSessionCookie(request: AuthRequest): SessionCookieRead {
    const value = readCookie(request.headers.cookie, SESSION_COOKIE) ?? '';
    return { present: value !== '', value, token: value === '' ? null : verify(value) };
  }

  async function respond(request: AuthRequest): Promise<Reply> {
    const route = request.path.startsWith(options.basePath) ? routes.get(request.path.slice(options.basePath.length)) : undefined;
    if (route === undefined) {
      return finish(request, error(404, 'NOT_FOUND', `No endpoint at ${request.path}. The endpoints live under ${options.basePath}: ${[...routes.keys()].join(', ')}.`));
    }
    if (request.method === 'OPTIONS') {
      const methods = [route.method, 'OPTIONS'];
      const trusted = trustedOriginOf(request.headers, options.trustedOrigins) !== null;
      return finish(request, { status: 204, headers: [['Allow', methods.join(', ')], ...(trusted ? preflightHeaders(methods) : [])] });
    }
    if (request.method !== route.method) {
      return finish(request, {
        ...error(405, 'METHOD_NOT_ALLOWED', `${request.path} answers ${route.method} only, not ${request.method}.`),
        headers: [['Allow', `${route.method}, OPTIONS`]],
      });
    }

    const cookie = readSessionCookie(request);
    let body: unknown;
    if (request.method === 'POST') {
      const refusal = checkPostOrigin(request.headers, cookie.present, options.trustedOrigins);
      if (refusal !== null) return finish(request, error(403, refusal.code, refusal.message));
      if (request.body.trim() !== '') {
        try {
          body = JSON.parse(request.body);
        } catch (cause) {
          return finish(request, error(400, 'INVALID_JSON', `The request body is not valid JSON (${(cause as Error).message}). Send a JSON object with content-type application/json.`));
        }
      }
    }

    const token = plugin === null
      ? cookie.token
      : plugin.selectToken({
          headers: request.headers,
          cookie,
          requireSignature: options.requireSignature,
          secret: options.secret,
          verify,
        });
    const session = token === null ? null : store.findSession(token);
    const user = session === null ? null : store.findUserById(session.userId);
    const auth = session !== null && user !== null ? { session, user } : null;

    return finish(request, await route.handle({ request, body, auth, cookie }));
  }

  /** Turns a route result into a reply: JSON body, CORS and Set-Cookie headers, then the plugin's seam. */
  function finish(request: AuthRequest, result: RouteResult): Reply {
    const headers = new ResponseHeaders();
    if (result.json !== undefined) headers.set('Content-Type', 'application/json; charset=utf-8');
    headers.set('Cache-Control', 'no-store');
    for (const [name, value] of result.headers ?? []) headers.append(name, value);
    const origin = trustedOriginOf(request.headers, options.trustedOrigins);
    if (origin !== null) for (const [name, value] of corsHeaders(origin, options.exposeHeaders)) headers.append(name, value);
    const sessionCookie = result.sessionCookie ?? null;
    if (sessionCookie !== null) headers.append('Set-Cookie', serializeCookie(SESSION_COOKIE, sessionCookie.value, sessionCookie.maxAge));

    plugin?.onResponse({
      request: { method: request.method, path: request.path, headers: request.headers },
      status: result.status,
      sessionCookie,
      headers,
    });

    return { status: result.status, headers: headers.entries(), body: result.json === undefined ? '' : JSON.stringify(result.json) };
  }

  return {
    options,
    store,
    respond,
    handle: toNodeHandler(respond, options.maxBodyBytes),
    listen: (responder = respond) => listen(responder, options),
  };
}
