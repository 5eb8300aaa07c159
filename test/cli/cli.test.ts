// The CLI as users run it: `node dist/conformance/cli.js ...` in a child process, from a directory
// other than the package, checking exit codes, messages, the JSON report and that the secret given
// on the command line never shows up anywhere.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fixture, runCli, tempDir } from '../support/cli.js';
import { ExitCode } from '../../conformance/model/exit-codes.js';
import type { Report } from '../../conformance/model/report.js';
import { specFile } from '../../conformance/suite/spec-files.js';
import { createReferenceServer } from '../../reference/index.js';

const validate = new Ajv({ allErrors: true, strict: true }).compile(JSON.parse(readFileSync(specFile('report.schema.json'), 'utf8')) as object);
const SECRET = 'cli-test-secret-0123456789abcdef';
const dir = tempDir();
test.after(() => dir.remove());

/** A 127.0.0.1 port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function withReference<T>(requireSignature: boolean, use: (ref: { url: string; schemaUrl: string }) => Promise<T>): Promise<T> {
  const ref = await createReferenceServer({ port: 0, host: '127.0.0.1', secret: SECRET, requireSignature, exposeHeaders: ['X-Request-Id'] });
  try {
    return await use(ref);
  } finally {
    await ref.close();
  }
}

test('--help and --version exit 0 and say what the tool is', async () => {
  const help = await runCli(['--help']);
  assert.is(help.code, ExitCode.Conforming);
  assert.match(help.stdout, /Usage: bearer-conformance/);
  assert.match(help.stdout, /--url <base URL>/);
  assert.match(help.stdout, /Exit codes: 0 conforming, 1 non-conforming .*\s+2 bad usage or configuration, 3 invalid scenario files, 4 target unreachable/);
  const version = await runCli(['--version']);
  assert.is(version.code, 0);
  assert.match(version.stdout, /^bearer-conformance \d+\.\d+\.\d+ \(spec \d+\.\d+\.\d+, report format 1\.\d+\)\n$/);
});

test('exit 2: an unknown flag, a bad URL, and a missing value, each with a next step', async () => {
  const bogus = await runCli(['--bogus']);
  assert.is(bogus.code, ExitCode.Usage);
  assert.is(bogus.stdout, '');
  assert.match(bogus.stderr, /^bearer-conformance: --bogus is not a flag of bearer-conformance\. Run bearer-conformance --help/);
  const url = await runCli(['--url', 'localhost:3000/api/auth']);
  assert.is(url.code, ExitCode.Usage);
  assert.match(url.stderr, /give an http:\/\/ or https:\/\/ URL/);
  const missing = await runCli(['--secret', SECRET]);
  assert.is(missing.code, ExitCode.Usage);
  assert.match(missing.stderr, /--secret describes a target, but no target was named; add --url <base URL>/);
  assert.not.ok(missing.stderr.includes(SECRET));
  const scenarios = await runCli(['--scenarios', join(dir.path, 'nowhere')]);
  assert.is(scenarios.code, ExitCode.Usage);
  assert.match(scenarios.stderr, /There is no scenario file or directory at .*nowhere; check the path given to --scenarios\./);
});

test('exit 2: an --output in a place that cannot be written, before any request', async () => {
  const r = await runCli(['--url', 'http://127.0.0.1:9/api/auth', '--reporter', 'json', '--output', join(fixture('one-scenario.yaml'), 'report.json')]);
  assert.is(r.code, ExitCode.Usage);
  assert.match(r.stderr, /Cannot write the JSON report to .*report\.json \(.*\); give --output a path in a writable directory\./);
});

test('exit 2: a bad target file is reported at file:line:col', async () => {
  const r = await runCli(['--target', fixture('bad-target.yaml')]);
  assert.is(r.code, ExitCode.Usage);
  assert.match(r.stderr, /bad-target\.yaml:2:20: require_signature is a string; it has to be a boolean\./);
});

test('exit 3: an invalid scenario file given with --scenarios, at file:line:col, before any request', async () => {
  const port = await closedPort();
  const r = await runCli(['--url', `http://127.0.0.1:${port}/api/auth`, '--scenarios', fixture('invalid-scenario.yaml')]);
  assert.is(r.code, ExitCode.InvalidScenarios);
  assert.match(r.stderr, /invalid-scenario\.yaml:10:\d+: .*colour/);
  assert.match(r.stderr, /1 problem in the scenario files; fix it and run again \(nothing was run\)/);
});

test('lint: the bundled scenarios pass; a suite that breaks the coverage rules exits 3 naming each problem', async () => {
  const ok = await runCli(['lint']);
  assert.is(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /^\d+ scenarios are valid and cover every MUST and SHOULD requirement\.\n$/);
  const bad = await runCli(['lint', '--scenarios', fixture('coverage-bad.yaml')]);
  assert.is(bad.code, ExitCode.InvalidScenarios);
  assert.match(bad.stderr, /BEARER-SURF-1 \(MUST: .*\) is cited by no scenario/);
  assert.match(bad.stderr, /coverage-bad\.yaml:10:9: Scenario fx\.no-control expects a rejection/);
  assert.match(bad.stderr, /No scenario needs require_signature: false/);
  assert.match(bad.stderr, /Lint found \d+ problems in 3 scenarios\./);
  const invalid = await runCli(['lint', '--scenarios', fixture('invalid-scenario.yaml')]);
  assert.is(invalid.code, ExitCode.InvalidScenarios);
  assert.match(invalid.stderr, /invalid-scenario\.yaml:10:\d+: /);
});

test('exit 4: --url to a closed 127.0.0.1 port', async () => {
  const port = await closedPort();
  const r = await runCli(['--url', `http://127.0.0.1:${port}/api/auth`, '--secret', SECRET, '--scenarios', fixture('one-scenario.yaml')]);
  assert.is(r.code, ExitCode.Unreachable);
  assert.match(r.stderr, new RegExp(`The target at http://127\\.0\\.0\\.1:${port}/api/auth cannot be reached`));
  assert.not.ok(r.stderr.includes(SECRET) || r.stdout.includes(SECRET));
});

test('exit 0 against the reference with the right --require-signature; the JSON report validates and holds no secret', async () => {
  await withReference(true, async (ref) => {
    const out = join(dir.path, 'signed.json');
    const args = ['--url', ref.url, '--require-signature', '--secret', SECRET, '--schema-url', ref.schemaUrl, '--expose-header', 'X-Request-Id'];
    const r = await runCli([...args, '--reporter', 'console', '--reporter', 'json', '--output', out]);
    assert.is(r.code, ExitCode.Conforming, r.stdout + r.stderr);
    assert.match(r.stdout, /Verdict: CONFORMING\./);
    const text = readFileSync(out, 'utf8');
    const report = JSON.parse(text) as Report;
    assert.ok(validate(report), JSON.stringify(validate.errors, null, 1));
    assert.is(report.summary.verdict, 'conforming');
    assert.equal(report.targets[0]!.secret_given, true);
    assert.ok(report.results.length > 20);
    for (const result of report.results) {
      assert.type(result.id, 'string');
      assert.ok(['pass', 'skip'].includes(result.status), `${result.id}: ${result.status} ${result.reason ?? result.failure?.message ?? ''}`);
      assert.ok(result.requirements.length > 0);
    }
    assert.ok(report.results.some((x) => x.status === 'skip' && /require_signature/.test(x.reason ?? '')));
    for (const output of [text, r.stdout, r.stderr]) assert.not.ok(output.includes(SECRET));
  });
});

test('exit 1 against the reference with the opposite --require-signature: SIG-2 fails, in the console, JSON, HTML and Markdown reports', async () => {
  await withReference(true, async (ref) => {
    const out = join(dir.path, 'wrong.json');
    const [html, md] = [join(dir.path, 'wrong.html'), join(dir.path, 'wrong.md')];
    const r = await runCli(['--url', ref.url, '--secret', SECRET, '--reporter', 'console', '--reporter', 'json', '--output', out, '--reporter', `html:${html}`, '--reporter', `markdown:${md}`]);
    assert.is(r.code, ExitCode.NonConforming, r.stderr);
    const text = readFileSync(out, 'utf8');
    const report = JSON.parse(text) as Report;
    assert.ok(validate(report), JSON.stringify(validate.errors, null, 1));
    assert.is(report.summary.verdict, 'non-conforming');
    assert.ok(report.summary.failing.includes('BEARER-SIG-2'), report.summary.failing.join());
    const failed = report.results.find((x) => x.status === 'fail' && x.failure!.requirements.includes('BEARER-SIG-2'))!;
    assert.ok(failed.failure!.exchange, 'the failing step carries its exchange');
    assert.match(failed.failure!.file, /\.yaml$/);
    assert.ok(failed.failure!.line > 0);
    // The console groups by requirement and shows the failing step with file:line, expected and actual.
    assert.match(r.stdout, /FAIL\s+BEARER-SIG-2\s+MUST/);
    assert.match(r.stdout, /, step \d+ "[^"]+" \([^)]*\.yaml:\d+\)/);
    assert.match(r.stdout, /expected: /);
    assert.match(r.stdout, /actual: {3}/);
    assert.match(r.stdout, /Verdict: NON-CONFORMING\. \d+ requirements? fails?: .*BEARER-SIG-2/);
    const [page, summary] = [readFileSync(html, 'utf8'), readFileSync(md, 'utf8')];
    assert.match(page, /<span class="word" id="verdict">NON-CONFORMING<\/span>/);
    assert.match(page, /<article class="f requirement" data-verdict="fail" data-section="SIG" id="req-BEARER-SIG-2">/);
    assert.match(summary, /^## ❌ NON-CONFORMING: /);
    assert.match(summary, /^- ❌ \*\*BEARER-SIG-2\*\* \(MUST\)/m);
    for (const output of [text, r.stdout, r.stderr, page, summary]) assert.not.ok(output.includes(SECRET));
  });
});

test('diff: the failing run against the passing one exits 1 listing what got worse; the other way exits 0; a non-report exits 2', async () => {
  const [good, bad] = [join(dir.path, 'signed.json'), join(dir.path, 'wrong.json')];
  const worse = await runCli(['diff', good, bad]);
  assert.is(worse.code, ExitCode.NonConforming, worse.stderr);
  assert.match(worse.stdout, /^Verdict: CONFORMING → NON-CONFORMING \(worse\)$/m);
  assert.match(worse.stdout, /^ {2}worse {4}BEARER-SIG-2 +(PASS|SKIP) → FAIL$/m);
  assert.match(worse.stdout, /^\d+ worse, 0 better, \d+ other changes?\. Exit code 1: something got worse\.$/m);
  const better = await runCli(['diff', bad, good, '--format', 'markdown']);
  assert.is(better.code, ExitCode.Conforming, better.stderr);
  assert.match(better.stdout, /^## 🟢 0 worse, \d+ better: NON-CONFORMING → CONFORMING/);
  const json = await runCli(['diff', good, good, '--format', 'json']);
  assert.equal([json.code, (JSON.parse(json.stdout) as { worse: number }).worse], [ExitCode.Conforming, 0]);
  const notReport = await runCli(['diff', good, fixture('one-scenario.yaml')]);
  assert.is(notReport.code, ExitCode.Usage);
  assert.match(notReport.stderr, /one-scenario\.yaml is not JSON/);
});

test('the JSON report goes to standard output when no --output is given', async () => {
  await withReference(false, async (ref) => {
    const r = await runCli(['--url', ref.url, '--scenarios', fixture('one-scenario.yaml'), '--reporter', 'json']);
    assert.is(r.code, ExitCode.Conforming, r.stderr);
    const report = JSON.parse(r.stdout) as Report;
    assert.ok(validate(report), JSON.stringify(validate.errors, null, 1));
    assert.equal(report.results.map((x) => [x.id, x.status]), [['fx.signed-token', 'pass']]);
    assert.is(report.requirements.find((x) => x.id === 'BEARER-SIG-1')!.verdict, 'pass');
  });
});

test('--verbose: every exchange of a passing scenario in the console (with its time) and in the JSON report', async () => {
  await withReference(false, async (ref) => {
    const out = join(dir.path, 'verbose.json');
    const r = await runCli(['--url', ref.url, '--scenarios', fixture('one-scenario.yaml'), '--verbose', '--reporter', 'console', '--reporter', `json:${out}`]);
    assert.is(r.code, ExitCode.Conforming, r.stderr);
    assert.match(r.stdout, /^ {2}PASS +\d+ ms {2}fx\.signed-token: /m);
    assert.match(r.stdout, /^ {18}> GET http:\/\/127\.0\.0\.1:\d+\/api\/auth\/get-session$/m);
    const report = JSON.parse(readFileSync(out, 'utf8')) as Report;
    assert.ok(validate(report), JSON.stringify(validate.errors, null, 1));
    assert.is(report.verbose, true);
    assert.ok(report.results[0]!.exchanges!.length >= 2, 'actor setup and the step');
  });
});

test('no arguments: the embedded reference in both profiles, every scenario run where it applies, exit 0', async () => {
  const out = join(dir.path, 'embedded.json');
  // --reporter/--output name no target, so this is still the embedded run.
  const r = await runCli(['--reporter', 'console', '--reporter', 'json', '--output', out]);
  assert.is(r.code, ExitCode.Conforming, r.stdout.slice(-3000) + r.stderr);
  assert.match(r.stdout, /Verdict: CONFORMING\./);
  const report = JSON.parse(readFileSync(out, 'utf8')) as Report;
  assert.ok(validate(report), JSON.stringify(validate.errors, null, 1));
  assert.equal(report.targets.map((t) => [t.name, t.require_signature, t.secret_given, t.exposed_headers]), [
    ['permissive', false, true, ['X-Request-Id']],
    ['signed-only', true, true, ['X-Request-Id']],
  ]);
  assert.ok(report.targets.every((t) => t.schema_url !== null));
  assert.is(report.summary.scenarios.skip, 0);
  assert.is(report.summary.scenarios.fail, 0);
  const judged = report.requirements.filter((x) => x.level === 'MUST' || x.level === 'SHOULD');
  assert.equal(judged.filter((x) => x.verdict !== 'pass').map((x) => `${x.id} ${x.verdict}`), []);
});

test.run();
