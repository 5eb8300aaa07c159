// A declared schema URL is part of the target description: when it does not answer a schema
// description at all (404, HTML, JSON without `tables`), the description is wrong, not the target
// (SPEC.md section 4.3). Checked once before the run, so the mistake is a usage error (exit 2) that
// says so, instead of a failure of BEARER-SCHEMA-1.
import { request } from 'undici';
import { UsageError } from '../model/exit-codes.js';
import type { Target } from '../model/target.js';

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * GETs the target's schema URL (with its extra headers, as the run would) and throws UsageError when
 * the answer is not a schema description. A URL that cannot be reached at all is left to the run,
 * which reports an unreachable target or a transport error.
 */
export async function checkSchemaUrl(target: Pick<Target, 'schemaUrl' | 'headers'>, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
  const url = target.schemaUrl;
  if (url === undefined) return;
  let status: number;
  let text: string;
  try {
    const headers = Object.fromEntries(target.headers ?? []);
    const res = await request(url, { method: 'GET', headers, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
    status = res.statusCode;
    text = await res.body.text();
  } catch {
    return;
  }
  const fix = 'check the URL (SPEC.md section 4.3), or leave --schema-url out to skip BEARER-SCHEMA-1.';
  if (status !== 200) throw new UsageError(`The schema URL ${url} answered ${status}, not 200 with a schema description: ${fix}`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new UsageError(`The schema URL ${url} answered 200 with a body that is not JSON, not a schema description: ${fix}`);
  }
  const tables = (body as { tables?: unknown } | null)?.tables;
  if (typeof tables !== 'object' || tables === null || Array.isArray(tables)) {
    throw new UsageError(`The schema URL ${url} answered JSON without a "tables" object, not a schema description {"tables": {...}}: ${fix}`);
  }
}
