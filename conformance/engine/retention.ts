// What a scenario's result keeps of what the target sent, so that the runner's memory does not grow
// with the size of the answers: response bodies kept for reports are cut to REPORT_BODY_CHARS (the
// whole size noted in body_bytes), long strings in expected and actual values likewise, and only the
// exchanges a report shows (those of failing or erroring steps) outlive their scenario, unless the
// caller asks for every one. A cut never splits a secret or token, so redaction still finds it whole.
import type { Exchange } from '../model/result.js';
import type { HttpResponse } from './http.js';

/** Characters of a response body, or of any string in a failure's values, kept for the report. */
export const REPORT_BODY_CHARS = 16 * 1024;

/** The response as a result keeps it: the body cut to REPORT_BODY_CHARS, with its whole size in bytes. */
export function keptResponse(res: HttpResponse, needles: string[]): NonNullable<Exchange['response']> {
  if (res.body.length <= REPORT_BODY_CHARS) return res;
  return { status: res.status, headers: res.headers, body: cutText(res.body, REPORT_BODY_CHARS, needles), body_bytes: Buffer.byteLength(res.body) };
}

/** The first `limit` characters of `text`, or fewer so that no occurrence of a needle is cut in two. */
export function cutText(text: string, limit: number, needles: string[]): string {
  let cut = limit;
  for (const needle of needles) {
    if (needle === '') continue;
    for (let at = text.indexOf(needle, Math.max(0, limit - needle.length + 1)); at >= 0 && at < limit; at = text.indexOf(needle, at + 1)) {
      if (at + needle.length > limit) cut = Math.min(cut, at);
    }
  }
  return text.slice(0, cut);
}

/** A plain-data value with every string longer than REPORT_BODY_CHARS cut, saying how much was left out. */
export function boundStrings<T>(value: T, needles: string[]): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      if (v.length <= REPORT_BODY_CHARS) return v;
      const kept = cutText(v, REPORT_BODY_CHARS, needles);
      return `${kept}… [${v.length - kept.length} more characters]`;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}
