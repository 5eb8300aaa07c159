// The console reporter: grouped by requirement in spec order, failure details with step, file:line,
// expected and actual, then the counts and the verdict.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildReport, type Report } from '../../conformance/report.js';
import { consoleReporter, renderConsole } from '../../conformance/reporters/console.js';
import type { ScenarioResult } from '../../conformance/result.js';
import type { Registry, Requirement } from '../../conformance/verdict.js';
import { result, target } from './helpers.js';

const req = (id: string, section: string, level: Requirement['level'] = 'MUST'): Requirement => ({ id, level, section, title: `Title ${id}`, text: '' });
const registry: Registry = {
  specVersion: '1.0.0',
  sections: [{ id: 'SIG', title: 'Signed and unsigned tokens' }, { id: 'CORS', title: 'CORS exposure' }],
  requirements: [req('BEARER-SIG-1', 'SIG'), req('BEARER-SIG-3', 'SIG'), req('BEARER-CORS-4', 'CORS', 'SHOULD'), req('BEARER-CORS-1', 'CORS')],
};

function report(results: ScenarioResult[], strict = false): Report {
  const targets = [target('permissive', { secret: 'do-not-print' }), target('signed-only', { requireSignature: true })];
  return buildReport({ suite: { name: 'bearer-conformance', version: '0.1.0' }, registry, targets, results, strict, startedAt: new Date(), durationMs: 5 });
}

const results = [
  result('sig.signed', 'pass', ['BEARER-SIG-1'], { targetName: 'permissive' }),
  result('sig.signed', 'pass', ['BEARER-SIG-1'], { targetName: 'signed-only' }),
  result('sig.unsigned-ignored', 'fail', ['BEARER-SIG-3'], { targetName: 'signed-only', file: 'conformance/scenarios/signatures.yaml' }),
  result('cors.preflight', 'fail', ['BEARER-CORS-4'], { targetName: 'permissive' }),
];

test('requirements appear under their sections, in registry order, each with its verdict', () => {
  const text = renderConsole(report(results));
  const lines = text.split('\n');
  const at = (s: string) => lines.findIndex((l) => l.includes(s));
  assert.ok(at('Signed and unsigned tokens') < at('BEARER-SIG-1') && at('BEARER-SIG-1') < at('BEARER-SIG-3'));
  assert.ok(at('BEARER-SIG-3') < at('CORS exposure') && at('CORS exposure') < at('BEARER-CORS-4'));
  assert.match(lines[at('BEARER-SIG-1')]!, /PASS\s+BEARER-SIG-1\s+MUST\s+Title BEARER-SIG-1 {2}\(1 scenario\)/);
  assert.match(lines[at('BEARER-SIG-3')]!, /FAIL\s+BEARER-SIG-3/);
  assert.match(lines[at('BEARER-CORS-4')]!, /WARN\s+BEARER-CORS-4\s+SHOULD/);
  // No scenario of the run cites CORS-1: listed once at the end instead of as a row.
  assert.is(at('BEARER-CORS-1  '), -1);
  assert.match(text, /Not checked by this run \(no scenario in it cites them\): BEARER-CORS-1\./);
});

test('a failure shows scenario, target, step, file:line, expected, actual and the request', () => {
  const text = renderConsole(report(results));
  assert.match(text, /sig\.unsigned-ignored \[signed-only\], step 2 "get-session with the raw token" \(\/suite\/s\.yaml:12\)/);
  assert.match(text, /The body is not the JSON literal null\./);
  assert.match(text, /check: {4}body_null/);
  assert.match(text, /expected: null/);
  assert.match(text, /actual: {3}\{"user":\{"id":"u1"\}\}/);
  assert.match(text, /request: {2}GET http:\/\/127\.0\.0\.1:1\/api\/auth\/get-session -> 200/);
});

test('the summary counts scenarios and requirements and states the verdict; the secret never appears', () => {
  const text = renderConsole(report(results));
  assert.match(text, /Scenarios: 3, run 4 times on 2 targets: 2 passed, 2 failed, 0 skipped, 0 errors\./);
  assert.match(text, /Requirements: 4: 1 pass, 2 fail, 1 skipped, 0 inconclusive\./);
  assert.match(text, /Verdict: NON-CONFORMING\. 1 requirement fails: BEARER-SIG-3\./);
  assert.match(text, /Target permissive: .*secret given/);
  assert.match(text, /Target signed-only: .*no secret/);
  assert.not.ok(text.includes('do-not-print'));
  const ok = renderConsole(report(results.filter((r) => r.id !== 'sig.unsigned-ignored')));
  assert.match(ok, /Verdict: CONFORMING\. Every judged MUST requirement holds\. Warning: BEARER-CORS-4 fails/);
  const strict = renderConsole(report(results.filter((r) => r.id !== 'sig.unsigned-ignored'), true));
  assert.match(strict, /FAIL\s+BEARER-CORS-4/);
  assert.match(strict, /Verdict: NON-CONFORMING/);
});

test('colour only when asked, and long values are cut', async () => {
  const long = result('sig.unsigned-ignored', 'fail', ['BEARER-SIG-3'], { targetName: 'signed-only' });
  long.failure!.actual = 'x'.repeat(1000);
  const r = report([long]);
  assert.not.ok(renderConsole(r).includes('\u001b['));
  assert.ok(renderConsole(r, true).includes('\u001b[31m'));
  assert.match(renderConsole(r), /actual: {3}"x{239}… \(1002 characters\)/);
  let written = '';
  await consoleReporter({ stdout: { write: (s: string, cb: (e?: Error) => void) => ((written += s), cb(), true) } as unknown as NodeJS.WritableStream, color: false }).finish(r);
  assert.is(written, renderConsole(r));
});

test.run();
