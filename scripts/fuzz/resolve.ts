// Turning an abstract fuzz case into the bytes of a request, with the tokens of real actors.
import { createHmac } from 'node:crypto';
import type { Base, Body, Credential, CookieHeader, FuzzCase, Mutation } from './cases.js';

/** One actor's credentials as the case sees them. */
export interface ActorCredential {
  email: string;
  password: string;
  userId: string;
  token: string;
  signed: string;
}

export interface ResolveContext {
  actors: ActorCredential[];
  secret: string;
  /** The correctly signed value of a session of this actor that no longer exists. */
  stale(actor: number): string;
}

export interface FuzzRequest {
  method: 'GET' | 'POST';
  path: string;
  /** Field lines in order; a name may repeat. */
  headers: [string, string][];
  body?: string;
}

const WRONG_SECRET = 'bearer-conformance-wrong-secret';

/** better-auth's signature, computed here from the spec's words, not with the reference's code. */
export function sign(secret: string, token: string): string {
  return `${token}.${createHmac('sha256', secret).update(token, 'utf8').digest('base64')}`;
}

export function resolveCase(c: FuzzCase, ctx: ResolveContext): FuzzRequest {
  const headers: [string, string][] = [];
  for (const a of c.authorization) {
    headers.push(['authorization', a.kind === 'raw' ? a.text : `${a.lead}${a.scheme}${a.sep}${credentialText(a.credential, ctx)}${a.trail}`]);
  }
  if (c.cookie) headers.push(['cookie', cookieText(c.cookie, ctx)]);
  if (c.origin !== null) headers.push(['origin', c.origin]);
  if (c.endpoint === 'get-session' || c.endpoint === 'list-sessions') return { method: 'GET', path: `/${c.endpoint}`, headers };
  const body = bodyText(c.body, ctx);
  if (body !== undefined && c.contentType !== null) headers.push(['content-type', c.contentType]);
  return { method: 'POST', path: c.endpoint === 'sign-in' ? '/sign-in/email' : '/sign-out', headers, body };
}

/** Past node's 16 KiB header limit, and no further: repeats of repeats would reach megabytes. */
const MAX_CREDENTIAL = 40_000;

export function credentialText(cred: Credential, ctx: ResolveContext): string {
  let text = baseText(cred.base, ctx);
  for (const m of cred.mutations) text = mutate(text, m, ctx).slice(0, MAX_CREDENTIAL);
  return text;
}

function baseText(base: Base, ctx: ResolveContext): string {
  if (base.kind === 'junk') return base.text;
  const me = ctx.actors[base.actor % ctx.actors.length]!;
  const other = ctx.actors[base.other % ctx.actors.length]!;
  const sig = me.signed.slice(me.signed.indexOf('.') + 1);
  switch (base.form) {
    case 'raw':
      return me.token;
    case 'signed':
      return me.signed;
    case 'encoded':
      return encodeURIComponent(me.signed);
    case 'encoded-lower':
      return encodeURIComponent(me.signed).replace(/%[0-9A-F]{2}/g, (p) => p.toLowerCase());
    case 'encoded-partial': {
      // Encode each of the special characters or not, by the bits of `variant`.
      let i = 0;
      return me.signed.replace(/[+/=]/g, (ch) => ((base.variant >> i++ % 8) & 1 ? encodeURIComponent(ch) : ch));
    }
    case 'encoded-all':
      return [...me.signed].map((ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`).join('');
    case 'double-encoded':
      return encodeURIComponent(encodeURIComponent(me.signed));
    case 'dot-encoded':
      return me.signed.replace('.', '%2E');
    case 'base64url-sig':
      return `${me.token}.${sig.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
    case 'unpadded-sig':
      return `${me.token}.${sig.replace(/=+$/, '')}`;
    case 'wrong-secret':
      return sign(WRONG_SECRET, me.token);
    case 'swapped-sig':
      return `${me.token}.${other.signed.slice(other.signed.indexOf('.') + 1)}`;
    case 'stale':
      return ctx.stale(base.actor % ctx.actors.length);
    case 'token-dot':
      return `${me.token}.`;
    case 'dot-sig':
      return `.${sig}`;
    case 'raw-of-other-case':
      return [...me.token].map((ch) => (ch === ch.toLowerCase() ? ch.toUpperCase() : ch.toLowerCase())).join('');
  }
}

function mutate(text: string, m: Mutation, ctx: ResolveContext): string {
  const at = (n: number) => n % (text.length + 1);
  switch (m.op) {
    case 'replace': {
      if (text.length === 0) return m.ch;
      const i = m.at % text.length;
      return text.slice(0, i) + m.ch + text.slice(i + 1);
    }
    case 'insert':
      return text.slice(0, at(m.at)) + m.text + text.slice(at(m.at));
    case 'delete':
      return text.slice(0, at(m.at)) + text.slice(at(m.at) + m.n);
    case 'truncate':
      return text.slice(0, at(m.at));
    case 'append':
      return text + m.text;
    case 'prepend':
      return m.text + text;
    case 'swapcase': {
      if (text.length === 0) return text;
      const i = m.at % text.length;
      const ch = text[i]!;
      const swapped = ch === ch.toLowerCase() ? ch.toUpperCase() : ch.toLowerCase();
      // 'ÿ' upper-cases to U+0178, outside what a header can carry; such characters stay as they are.
      return /^[\t\x20-\x7e\x80-\xff]*$/.test(swapped) ? text.slice(0, i) + swapped + text.slice(i + 1) : text;
    }
    case 'repeat':
      return text.repeat(m.times);
    case 'concat':
      return text + m.sep + baseText(m.other, ctx);
  }
}

function cookieText(cookie: CookieHeader, ctx: ResolveContext): string {
  return cookie.pairs
    .map((p) => {
      if (p.kind === 'junk') return p.text;
      if (p.kind === 'other') return `${p.name}=${p.value}`;
      const value = p.value === null ? '' : credentialText(p.value, ctx);
      return `${p.name}=${p.quoted ? `"${value}"` : value}`;
    })
    .join(cookie.separator);
}

function bodyText(body: Body, ctx: ResolveContext): string | undefined {
  switch (body.kind) {
    case 'empty':
      return undefined;
    case 'json':
    case 'text':
      return body.text;
    case 'huge':
      return body.unit.repeat(Math.ceil(body.times / body.unit.length));
    case 'credentials': {
      const me = ctx.actors[body.actor % ctx.actors.length]!;
      const fields: Record<string, unknown> = {};
      if (body.email === 'exact') fields.email = me.email;
      else if (body.email === 'upper') fields.email = me.email.toUpperCase();
      else if (body.email === 'other') fields.email = `nobody-${me.userId.slice(0, 6).toLowerCase()}@conformance.test`;
      else if (body.email === 'number') fields.email = 42;
      if (body.password === 'exact') fields.password = me.password;
      else if (body.password === 'wrong') fields.password = `${me.password}x`;
      else if (body.password === 'number') fields.password = 12345678;
      else if (body.password === 'long') fields.password = me.password.repeat(20);
      if (body.rememberMe !== null) fields.rememberMe = body.rememberMe;
      return JSON.stringify(fields);
    }
  }
}
