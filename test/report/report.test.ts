// The verdict matrix, the overall verdict and the report object: built from fake results, checked
// against spec/report.schema.json, and free of the target secret.
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { result, target } from '../support/cli.js';
import { buildMatrix, judge } from '../../conformance/judge/verdict.js';
import { TargetUnreachableError } from '../../conformance/model/errors.js';
import { REPORT_FORMAT, type Report } from '../../conformance/model/report.js';
import type { Registry, Requirement } from '../../conformance/model/requirements.js';
import type { ScenarioResult } from '../../conformance/model/result.js';
import type { Target } from '../../conformance/model/target.js';
import { redact } from '../../conformance/report/redact.js';
import { buildReport, buildUnreachableReport } from '../../conformance/report/report.js';
import { loadRegistry } from '../../conformance/suite/registry.js';
import { specFile } from '../../conformance/suite/spec-files.js';

const validate = new Ajv({ allErrors: true, strict: true }).compile(JSON.parse(readFileSync(specFile('report.schema.json'), 'utf8')) as object);

const req = (id: string, level: Requirement['level'] = 'MUST'): Requirement => ({ id, level, section: id.split('-')[1]!, title: `title of ${id}`, text: '' });
const registry: Registry = {
  specVersion: '9.9.9',
  sections: [{ id: 'A', title: 'Section A' }, { id: 'B', title: 'Section B' }],
  requirements: [req('BEARER-A-1'), req('BEARER-A-2'), req('BEARER-B-1', 'SHOULD'), req('BEARER-B-2')],
};

function report(results: ScenarioResult[], targets: Target[] = [target('t')], strict = false): Report {
  return buildReport({ suite: { name: 'suite', version: '1.2.3' }, registry, targets, results, strict, startedAt: new Date(0), durationMs: 12.6 });
}

test('a requirement fails when a failure is attributed to it, even by a scenario that does not cite it', () => {
  const rows = buildMatrix(registry.requirements, ['t'], [
    result('a.one', 'pass', ['BEARER-A-1']),
    result('a.two', 'fail', ['BEARER-A-1'], { failing: ['BEARER-A-2'] }),
  ]);
  const a1 = rows.find((r) => r.id === 'BEARER-A-1')!;
  const a2 = rows.find((r) => r.id === 'BEARER-A-2')!;
  assert.is(a2.verdict, 'fail');
  assert.equal(a2.scenarios.fail, ['a.two']);
  assert.equal(a2.reasons, ['The body is not the JSON literal null. (a.two)']);
  // a.two stopped on A-2 before judging A-1; a.one credited A-1, which is partial evidence, not a pass.
  assert.is(a1.verdict, 'inconclusive');
  assert.equal(a1.scenarios.pass, ['a.one']);
  assert.equal(a1.scenarios.inconclusive, ['a.two']);
  assert.equal(a1.reasons, [
    'partial evidence: it held in 1 of 2 scenarios judging it (a.one), and the others could not judge it',
    'stopped on BEARER-A-2 before judging it (a.two)',
  ]);
});

test('issue 18: a requirement that one scenario credits while others citing it errored is inconclusive, never pass', () => {
  const results = [
    result('p.credits', 'pass', ['BEARER-A-1', 'BEARER-A-2', 'BEARER-B-1', 'BEARER-B-2']),
    result('p.errored', 'error', ['BEARER-A-1']),
  ];
  const rows = buildMatrix(registry.requirements, ['t'], results);
  const a1 = rows.find((r) => r.id === 'BEARER-A-1')!;
  assert.is(a1.verdict, 'inconclusive');
  assert.match(a1.reasons[0]!, /^partial evidence: it held in 1 of 2 scenarios/);
  const overall = judge(rows, results, false);
  assert.is(overall.verdict, 'inconclusive');
  assert.ok(overall.inconclusive.includes('BEARER-A-1'));
  // Across targets: inconclusive on one target and pass on the other is inconclusive too.
  const twoTargets = buildMatrix(registry.requirements, ['p', 's'], [
    result('x.one', 'pass', ['BEARER-A-1'], { targetName: 'p' }),
    result('x.one', 'error', ['BEARER-A-1'], { targetName: 's' }),
  ]);
  assert.is(twoTargets[0]!.verdict, 'inconclusive');
});

test('skips carry their reasons; errors and early stops make a requirement inconclusive', () => {
  const rows = buildMatrix(registry.requirements, ['t'], [
    result('s.skip', 'skip', ['BEARER-A-1']),
    result('s.err', 'error', ['BEARER-A-2']),
    result('s.stop', 'fail', ['BEARER-B-2', 'BEARER-A-1'], { failing: ['BEARER-B-2'] }),
  ]);
  const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
  assert.is(byId['BEARER-A-1']!.verdict, 'inconclusive');
  assert.is(byId['BEARER-A-2']!.verdict, 'inconclusive');
  assert.equal(byId['BEARER-A-2']!.reasons, ['could not run: request timed out after 10000 ms (s.err)']);
  assert.equal(byId['BEARER-A-1']!.reasons, ['stopped on BEARER-B-2 before judging it (s.stop)']);
  assert.is(byId['BEARER-B-1']!.verdict, 'skip');
  assert.equal(byId['BEARER-B-1']!.reasons, ['no scenario in this run checks it']);
  const onlySkip = buildMatrix(registry.requirements, ['t'], [result('s.skip', 'skip', ['BEARER-A-1'])]);
  assert.is(onlySkip[0]!.verdict, 'skip');
  assert.match(onlySkip[0]!.reasons[0]!, /require_signature/);
});

test('reasons are grouped: one sentence per cause, with the first scenarios and how many more', () => {
  const stopped = ['a', 'b', 'c', 'd', 'e'].map((id) => result(`x.${id}`, 'fail', ['BEARER-A-2', 'BEARER-A-1'], { failing: ['BEARER-A-2'] }));
  const [a1] = buildMatrix(registry.requirements, ['t'], stopped);
  assert.is(a1!.verdict, 'inconclusive');
  assert.equal(a1!.reasons, ['stopped on BEARER-A-2 before judging it (x.a, x.b, x.c and 2 more)']);
  assert.equal(a1!.scenarios.inconclusive, ['x.a', 'x.b', 'x.c', 'x.d', 'x.e']);
});

test('across targets, a failure on one target fails the requirement and a pass on one passes it', () => {
  const rows = buildMatrix(registry.requirements, ['p', 's'], [
    result('x.one', 'pass', ['BEARER-A-1'], { targetName: 'p' }),
    result('x.one', 'skip', ['BEARER-A-1'], { targetName: 's' }),
    result('x.two', 'pass', ['BEARER-A-2'], { targetName: 'p' }),
    result('x.two', 'fail', ['BEARER-A-2'], { targetName: 's' }),
  ]);
  const [a1, a2] = rows;
  assert.is(a1!.verdict, 'pass');
  assert.is(a1!.targets['s']!.verdict, 'skip');
  assert.equal(a1!.scenarios.pass, ['p/x.one']);
  assert.is(a2!.verdict, 'fail');
  assert.is(a2!.targets['p']!.verdict, 'pass');
  assert.equal(a2!.reasons.length, 1);
  assert.is(a2!.reasons[0], '[s] The body is not the JSON literal null. (x.two)');
});

test('the overall verdict: MUST failures are fatal, SHOULD failures warn unless strict, errors are inconclusive', () => {
  const passAll = [result('a', 'pass', ['BEARER-A-1', 'BEARER-A-2', 'BEARER-B-1', 'BEARER-B-2'])];
  const rowsOf = (rs: ScenarioResult[]) => buildMatrix(registry.requirements, ['t'], rs);
  assert.is(judge(rowsOf(passAll), passAll, false).verdict, 'conforming');

  const shouldFails = [...passAll.map((r) => ({ ...r, passed: ['BEARER-A-1', 'BEARER-A-2', 'BEARER-B-2'] })), result('b', 'fail', ['BEARER-B-1'])];
  const lenient = judge(rowsOf(shouldFails), shouldFails, false);
  assert.is(lenient.verdict, 'conforming');
  assert.equal(lenient.warnings, ['BEARER-B-1']);
  assert.match(lenient.explanation, /Warning: BEARER-B-1 fails/);
  const strict = judge(rowsOf(shouldFails), shouldFails, true);
  assert.is(strict.verdict, 'non-conforming');
  assert.equal(strict.failing, ['BEARER-B-1']);

  const mustFails = [...passAll, result('c', 'fail', ['BEARER-A-2'])];
  const must = judge(rowsOf(mustFails), mustFails, false);
  assert.is(must.verdict, 'non-conforming');
  assert.equal(must.failing, ['BEARER-A-2']);
  assert.is(must.explanation, '1 requirement fails: BEARER-A-2.');

  const errored = [...passAll, result('d', 'error', ['BEARER-A-1'])];
  assert.is(judge(rowsOf(errored), errored, false).verdict, 'inconclusive');
  const skipped = [result('e', 'skip', ['BEARER-A-1'])];
  assert.is(judge(rowsOf(skipped), skipped, false).verdict, 'inconclusive');
});

test('a run its deadline or an interruption cut is never conforming: inconclusive, or non-conforming when a requirement failed first', () => {
  const rowsOf = (rs: ScenarioResult[]) => buildMatrix(registry.requirements, ['t'], rs);
  const deadline = { ms: 500, not_finished: 2 };
  const judged = [result('a', 'pass', ['BEARER-A-1', 'BEARER-A-2', 'BEARER-B-1', 'BEARER-B-2']), result('b', 'skip', [])];
  const cut = judge(rowsOf(judged), judged, false, { deadline });
  assert.is(cut.verdict, 'inconclusive');
  assert.is(cut.explanation, "The run's deadline (500 ms) passed before 2 scenario runs finished, so conformance cannot be established.");
  const failed = [...judged, result('c', 'fail', ['BEARER-A-2'])];
  const both = judge(rowsOf(failed), failed, false, { deadline });
  assert.is(both.verdict, 'non-conforming');
  assert.is(both.explanation, "1 requirement fails: BEARER-A-2. Then the run's deadline (500 ms) passed before 2 scenario runs finished.");
  const interrupted = judge(rowsOf(judged), judged, false, { interrupted: { reason: 'the run was interrupted (SIGINT)', not_finished: 1 } });
  assert.is(interrupted.verdict, 'inconclusive');
  assert.is(interrupted.explanation, 'The run was interrupted (SIGINT) before 1 scenario run finished, so conformance cannot be established.');
});

test('a report validates against spec/report.schema.json, with a failure, a skip and an error', () => {
  const r = report([
    result('a.pass', 'pass', ['BEARER-A-1']),
    result('a.fail', 'fail', ['BEARER-A-2']),
    result('b.skip', 'skip', ['BEARER-B-1']),
    result('b.err', 'error', ['BEARER-B-2']),
  ]);
  assert.ok(validate(r), JSON.stringify(validate.errors, null, 1));
  assert.is(r.report_format, REPORT_FORMAT);
  assert.is(r.spec_version, '9.9.9');
  assert.equal(r.suite, { name: 'suite', version: '1.2.3' });
  assert.is(r.duration_ms, 13);
  assert.equal(r.summary.scenarios, { total: 4, pass: 1, fail: 1, skip: 1, error: 1 });
  assert.equal(r.summary.requirements, { total: 4, pass: 1, fail: 1, skip: 1, inconclusive: 1 });
  assert.is(r.summary.verdict, 'non-conforming');
  const failed = r.results.find((x) => x.id === 'a.fail')!;
  assert.is(failed.failure!.step_name, 'get-session with the raw token');
  assert.equal(failed.failure!.expected, null);
  assert.is(failed.failure!.exchange!.response!.status, 200);
  // The schema is not a rubber stamp: a fail without its failure and an unknown verdict are refused.
  const broken = structuredClone(r) as unknown as { results: { failure?: unknown }[]; summary: { verdict: string } };
  delete broken.results[1]!.failure;
  assert.not.ok(validate(broken));
  const badVerdict = structuredClone(r) as unknown as { summary: { verdict: string } };
  badVerdict.summary.verdict = 'mostly fine';
  assert.not.ok(validate(badVerdict));
});

test('the report names whether a secret was given and never holds the secret, in any spelling', () => {
  const secret = 'sup3r+secret/value=';
  const leaky = result('a.fail', 'fail', ['BEARER-A-1'], {});
  leaky.failure!.actual = { echoed: `x${secret}y`, encoded: encodeURIComponent(secret) };
  leaky.failure!.exchange!.request.headers.push(['x-echo', secret]);
  const r = report([leaky], [target('t', { secret })]);
  assert.is(r.targets[0]!.secret_given, true);
  const text = JSON.stringify(r);
  assert.not.ok(text.includes(secret));
  assert.not.ok(text.includes(encodeURIComponent(secret)));
  assert.ok(text.includes('[secret]'));
  assert.ok(validate(r), JSON.stringify(validate.errors));
  assert.is(report([], [target('t')]).targets[0]!.secret_given, false);
  assert.equal(redact({ k: ['a', 1, null] }, []), { k: ['a', 1, null] });
});

test('every failure of a result fails its requirements; a failure then an error leaves the rest inconclusive', () => {
  const multi = result('m.multi', 'fail', ['BEARER-A-1', 'BEARER-B-2'], { failing: ['BEARER-A-1'] });
  const invariant = { ...multi.failure!, step: -1, stepName: 'sign up alice', requirements: ['BEARER-A-2'], check: 'invariant:set-auth-token-with-live-cookie', message: 'no set-auth-token at sign-up' };
  multi.failures = [invariant, multi.failure!];
  multi.failure = invariant;
  const errored = result('m.then-error', 'fail', ['BEARER-B-1', 'BEARER-B-2'], { failing: ['BEARER-B-1'], reason: "step 2 ('x'): GET http://h/: no complete response within 10 ms" });
  errored.error = { ...errored.failure!, step: 1, check: 'transport', requirements: ['BEARER-B-2'], message: 'GET http://h/: no complete response within 10 ms' };
  const rows = Object.fromEntries(buildMatrix(registry.requirements, ['t'], [multi, errored]).map((r) => [r.id, r]));
  assert.is(rows['BEARER-A-1']!.verdict, 'fail');
  assert.is(rows['BEARER-A-2']!.verdict, 'fail');
  assert.equal(rows['BEARER-A-2']!.reasons, ['no set-auth-token at sign-up (m.multi)']);
  assert.is(rows['BEARER-B-1']!.verdict, 'fail');
  // B-2 is cited by both: m.multi stopped on A-1 before it; m.then-error could not finish.
  assert.is(rows['BEARER-B-2']!.verdict, 'inconclusive');
  assert.equal(rows['BEARER-B-2']!.reasons, ['stopped on BEARER-A-1 before judging it (m.multi)', "could not finish: step 2 ('x'): GET http://h/: no complete response within 10 ms (m.then-error)"]);
  // The transport error is not a failure of B-2.
  assert.equal(rows['BEARER-B-2']!.scenarios.fail, []);
});

test('report format 1.1: failures, error, diff, curl, rerun and requirement texts, valid against the schema', () => {
  const multi = result('m.multi', 'fail', ['BEARER-A-1'], {});
  Object.assign(multi.failure!, { check: 'json', expected: { user: { id: 'u2' } }, actual: { user: { id: 'u1' } }, path: '/user/id' });
  const invariant = { ...multi.failure!, check: 'invariant:status-below-500', requirements: ['BEARER-A-2'], message: 'the server answered 500', expected: '< 500', actual: 500 };
  multi.failures = [invariant, multi.failure!];
  multi.failure = invariant;
  const errored = result('e.rr', 'error', ['BEARER-B-2'], {});
  errored.error = { ...multi.failures[1]!, check: 'transport', message: 'no complete response' };
  errored.failure = errored.error;
  const r = buildReport({
    suite: { name: 'suite', version: '1.2.3' },
    registry: { ...registry, requirements: registry.requirements.map((q) => ({ ...q, text: `  Text of ${q.id}.\n` })) },
    targets: [target('t', { secret: 'the-target-secret-value' })],
    results: [multi, errored, result('s.kip', 'skip', ['BEARER-B-1'])],
    strict: false,
    startedAt: new Date(0),
    durationMs: 1,
  });
  assert.ok(validate(r), JSON.stringify(validate.errors, null, 1));
  assert.is(r.report_format, '1.3');
  assert.not.ok('verbose' in r || r.results.some((x) => 'exchanges' in x), 'exchanges only with verbose');
  assert.is(r.tokens_redacted, false);
  const [m, e, skip] = r.results;
  assert.is(m!.failures.length, 2);
  assert.equal(m!.failure, m!.failures[0]);
  assert.equal(m!.failures[1]!.diff, [{ path: '/user/id', expected: 'u2', actual: 'u1', kind: 'value' }]);
  assert.is(m!.failures[0]!.diff, undefined);
  assert.match(m!.failures[1]!.curl!, /^curl -sS -i -g --path-as-is -H 'User-Agent:' -H 'Accept:' -H 'authorization: Bearer abc' 'http:\/\/127\.0\.0\.1:1\/api\/auth\/get-session'$/);
  assert.is(m!.rerun, `bearer-conformance --url http://127.0.0.1:1/t --secret "$BEARER_CONFORMANCE_SECRET" --scenarios /suite/s.yaml --grep '^m\\.multi$'`);
  assert.is(e!.error!.check, 'transport');
  assert.equal(e!.failures, []);
  assert.is(e!.failure!.check, 'transport');
  assert.match(e!.rerun!, /--grep '\^e\\\.rr\$'$/);
  assert.is(skip!.rerun, undefined);
  assert.is(r.requirements[0]!.text, 'Text of BEARER-A-1.');
  // The schema holds the 1.1 rules: a fail needs a non-empty failures list when failures is given.
  const broken = structuredClone(r) as unknown as { results: { failures: unknown[] }[] };
  broken.results[0]!.failures = [];
  assert.not.ok(validate(broken));
  // Embedded runs rerun without target flags.
  const embedded = buildReport({ suite: { name: 's', version: '1' }, registry, targets: [target('permissive')], results: [result('a.b', 'fail', ['BEARER-A-1'], { targetName: 'permissive', file: '/elsewhere/x.yaml' })], strict: false, startedAt: new Date(0), durationMs: 1, embedded: true });
  assert.is(embedded.results[0]!.rerun, "bearer-conformance --scenarios /elsewhere/x.yaml --grep '^a\\.b$'");
});

test('the unreachable report (format 1.2): versions, the target without its secret, the reason; valid against the schema', () => {
  const down = target('t', { url: 'http://127.0.0.1:1/api/auth', secret: 'the-target-secret-value' });
  const silent = new TargetUnreachableError(down.url, 'UND_ERR_HEADERS_TIMEOUT', { timeoutMs: 300 });
  const r = buildUnreachableReport({ suite: { name: 'suite', version: '1.2.3' }, specVersion: '9.9.9', targets: [down], down, error: silent, startedAt: new Date(0), durationMs: 301.6 });
  assert.ok(validate(r), JSON.stringify(validate.errors, null, 1));
  assert.is(r.report_format, REPORT_FORMAT);
  assert.equal([r.suite, r.spec_version, r.generated_at, r.duration_ms], [{ name: 'suite', version: '1.2.3' }, '9.9.9', '1970-01-01T00:00:00.000Z', 302]);
  assert.equal(r.targets.map((t) => [t.url, t.secret_given]), [['http://127.0.0.1:1/api/auth', true]]);
  assert.equal(r.summary, { verdict: 'unreachable', explanation: silent.message });
  assert.equal(r.unreachable, { target: 't', url: 'http://127.0.0.1:1/api/auth', kind: 'silent', code: 'UND_ERR_HEADERS_TIMEOUT', timeout_ms: 300, reason: silent.message });
  assert.match(r.unreachable.reason, /^The target at http:\/\/127\.0\.0\.1:1\/api\/auth accepted connections but answered none of the requests within 300 ms/);
  assert.not.ok(JSON.stringify(r).includes('the-target-secret-value'));

  const refused = new TargetUnreachableError(down.url, 'ECONNREFUSED');
  const r2 = buildUnreachableReport({ suite: { name: 'suite', version: '1.2.3' }, specVersion: '9.9.9', targets: [down, target('other')], down, error: refused, startedAt: new Date(0), durationMs: 5 });
  assert.ok(validate(r2), JSON.stringify(validate.errors, null, 1));
  assert.equal([r2.unreachable.kind, r2.unreachable.code, 'timeout_ms' in r2.unreachable, r2.targets.length], ['refused', 'ECONNREFUSED', false, 2]);

  // The schema tells the two kinds apart by the verdict: neither passes for the other.
  const { reason: _reason, ...noReason } = r.unreachable;
  assert.not.ok(validate({ ...r, unreachable: noReason }), 'an unreachable report without its reason');
  assert.not.ok(validate({ ...r, summary: { ...r.summary, verdict: 'inconclusive' } }), 'an unreachable report posing as a run report');
  const full = report([result('a.one', 'pass', ['BEARER-A-1'])]);
  assert.ok(validate(full), JSON.stringify(validate.errors, null, 1));
  assert.not.ok(validate({ ...full, summary: { ...full.summary, verdict: 'unreachable' } }), 'a run report with the verdict unreachable');
});

test('verbose (format 1.3): every result carries every exchange, passing ones too, tokens redacted and the secret scrubbed; valid against the schema', () => {
  const secret = 'the-target-secret-value';
  const token = 'Tok3nValue0123456789abcdefghijkl';
  const exchange = {
    request: { method: 'GET', url: 'http://127.0.0.1:1/api/auth/get-session', headers: [['authorization', `Bearer ${token}`]] as [string, string][] },
    response: { status: 200, headers: [['x-echo', secret]] as [string, string][], body: JSON.stringify({ session: { token } }) },
  };
  const ok = result('a.one', 'pass', ['BEARER-A-1'], { exchanges: [exchange, { request: exchange.request }], tokens: [{ label: 'alice.token', value: token }] });
  const bad = result('a.two', 'fail', ['BEARER-A-2'], { exchanges: [exchange], tokens: [{ label: 'alice.token', value: token }] });
  const input = { suite: { name: 's', version: '1' }, registry, targets: [target('t', { secret })], results: [ok, bad], strict: false, startedAt: new Date(0), durationMs: 1, verbose: true };
  const r = buildReport({ ...input, redactTokens: true });
  assert.ok(validate(r), JSON.stringify(validate.errors, null, 1));
  assert.is(r.verbose, true);
  assert.equal(r.results.map((x) => x.exchanges?.length), [2, 1]);
  assert.equal(r.results[0]!.exchanges![0]!.request.headers, [['authorization', 'Bearer <redacted:alice.token>']]);
  assert.equal(r.results[0]!.exchanges![0]!.response!.headers, [['x-echo', '[secret]']]);
  assert.not.ok(JSON.stringify(r).includes(token) || JSON.stringify(r).includes(secret));
  assert.ok(JSON.stringify(buildReport(input)).includes(token), 'tokens stay without --redact-tokens');
});

test('with redactTokens, labelled tokens disappear from results, reasons and curl lines alike', () => {
  const token = 'Tok3nValue0123456789abcdefghijkl';
  const signed = `${token}.c2ln+/==`;
  const r1 = result('t.ok', 'fail', ['BEARER-A-1'], { tokens: [{ label: 'alice.token', value: token }, { label: 'alice.signed', value: signed }] });
  r1.failure!.message = `the bearer ${signed} was ignored`;
  r1.failure!.exchange!.request.headers = [['authorization', `Bearer ${signed}`], ['cookie', `better-auth.session_token=${encodeURIComponent(signed)}`]];
  r1.failure!.exchange!.response!.body = JSON.stringify({ session: { token } });
  r1.exchanges = [r1.failure!.exchange!];
  const plain = JSON.stringify(report([r1]));
  assert.ok(plain.includes(token));
  const redacted = buildReport({ suite: { name: 's', version: '1' }, registry, targets: [target('t')], results: [r1], strict: false, startedAt: new Date(0), durationMs: 1, redactTokens: true });
  const text = JSON.stringify(redacted);
  assert.not.ok(text.includes(token));
  assert.is(redacted.tokens_redacted, true);
  assert.match(redacted.results[0]!.failure!.curl!, /-H 'authorization: Bearer <redacted:alice\.signed>' -H 'cookie: better-auth\.session_token=<redacted:alice\.signed>'/);
  assert.is(redacted.requirements[0]!.reasons[0], 'the bearer <redacted:alice.signed> was ignored (t.ok)');
  assert.ok(validate(redacted), JSON.stringify(validate.errors));
  // The input results are not changed.
  assert.ok(r1.failure!.message.includes(token));
});

test('the bundled registry loads with its spec version and only known levels', async () => {
  const real = await loadRegistry();
  assert.match(real.specVersion, /^\d+\.\d+\.\d+$/);
  assert.ok(real.requirements.length > 10);
  assert.ok(real.requirements.every((r) => ['MUST', 'SHOULD', 'MAY'].includes(r.level)));
});

test.run();
