// Failure diagnostics and reporters through the CLI, as users run it (a child process), against the
// reference without its bearer plugin behind a recording proxy: every reporter in one run, the
// requirement text, expected and actual, the exchange, file:line, a curl line that reproduces the
// failure and a rerun command that runs only the scenario; colours by NO_COLOR and FORCE_COLOR;
// --redact-tokens leaving none of the tokens the server issued; the secret nowhere.
import { execFile, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Ajv } from 'ajv';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CLI, fixture, runCli, tempDir } from '../support/cli.js';
import { all, parseTap, parseXml } from '../support/reporters-check.js';
import { ExitCode } from '../../conformance/model/exit-codes.js';
import type { Report } from '../../conformance/model/report.js';
import { loadRegistry } from '../../conformance/suite/registry.js';
import { specFile } from '../../conformance/suite/spec-files.js';
import { createReferenceServer } from '../../reference/index.js';

const validate = new Ajv({ allErrors: true, strict: true }).compile(JSON.parse(readFileSync(specFile('report.schema.json'), 'utf8')) as object);
const SECRET = 'diagnostics-secret-0123456789abcdef';
const dir = tempDir();
test.after(() => dir.remove());

interface Proxied {
  url: string;
  /** Every session token and signed value the server issued (headers, cookies, JSON `token` fields), and their token parts. */
  tokens: Set<string>;
  close(): Promise<void>;
}

/** The reference (bearer plugin on or off) behind a proxy that forwards requests verbatim and records the tokens it issues. */
async function proxiedReference(bearer: boolean): Promise<Proxied> {
  const ref = await createReferenceServer({ port: 0, host: '127.0.0.1', secret: SECRET, bearer });
  const upstream = new URL(ref.url);
  const tokens = new Set<string>();
  const keep = (value: string) => {
    if (value.length < 8) return;
    tokens.add(value);
    if (value.includes('.')) tokens.add(value.slice(0, value.indexOf('.')));
  };
  const collect = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(collect);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) k === 'token' && typeof x === 'string' ? keep(x) : collect(x);
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const out = request(
        { host: '127.0.0.1', port: upstream.port, method: req.method, path: req.url, headers: req.rawHeaders as unknown as IncomingHttpHeaders },
        (up) => {
          const body: Buffer[] = [];
          up.on('data', (c: Buffer) => body.push(c));
          up.on('end', () => {
            const text = Buffer.concat(body).toString('utf8');
            for (let i = 0; i < up.rawHeaders.length; i += 2) {
              const [name, value] = [up.rawHeaders[i]!.toLowerCase(), up.rawHeaders[i + 1]!];
              if (name === 'set-auth-token') keep(value);
              const cookie = /^[^=;]*session_token=([^;]*)/.exec(name === 'set-cookie' ? value : '');
              if (cookie?.[1]) keep(decodeURIComponent(cookie[1]));
            }
            try {
              collect(JSON.parse(text));
            } catch {
              // not JSON
            }
            res.writeHead(up.statusCode!, up.rawHeaders);
            res.end(Buffer.concat(body));
          });
        },
      );
      out.on('error', () => res.destroy());
      out.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${upstream.pathname}`,
    tokens,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await ref.close();
    },
  };
}

function outputsOf(run: { stdout: string; stderr: string }, files: string[]): string[] {
  return [run.stdout, run.stderr, ...files.map((f) => readFileSync(f, 'utf8'))];
}

test('against the reference without its bearer plugin: console, JUnit, TAP and JSON in one run, each with the diagnostics', async () => {
  const target = await proxiedReference(false);
  try {
    const files = { junit: join(dir.path, 'nb.xml'), tap: join(dir.path, 'nb.tap'), json: join(dir.path, 'nb.json') };
    const args = ['--url', target.url, '--secret', SECRET];
    const r = await runCli([...args, '--reporter', 'console', '--reporter', `junit:${files.junit}`, '--reporter', `tap:${files.tap}`, '--reporter', 'json', '--output', files.json]);
    assert.is(r.code, ExitCode.NonConforming, r.stderr);
    const report = JSON.parse(readFileSync(files.json, 'utf8')) as Report;
    assert.ok(validate(report), JSON.stringify(validate.errors, null, 1));

    // The right requirements fail: the bearer ones, and EMIT-1 without hiding the rest; sign-up itself works.
    for (const id of ['BEARER-SIG-1', 'BEARER-SIG-2', 'BEARER-EMIT-1']) {
      assert.ok(report.summary.failing.includes(id), `${id} fails (failing: ${report.summary.failing.join(', ')})`);
    }
    // A signed token refused in both spellings is BEARER-SIG-1's failure, not the spellings' (INTERPRETING.md 18.2).
    for (const id of ['BEARER-SPELL-1', 'BEARER-SPELL-2']) {
      assert.not.ok(report.summary.failing.includes(id), `${id} does not fail (failing: ${report.summary.failing.join(', ')})`);
    }
    // No answer carries set-auth-token, so there is no exposure to judge: CORS-1 is not blamed for EMIT-1's fault.
    assert.is(report.requirements.find((x) => x.id === 'BEARER-CORS-1')!.verdict, 'inconclusive');
    assert.is(report.requirements.find((x) => x.id === 'BEARER-SURF-1')!.verdict, 'pass');
    assert.ok(report.results.some((x) => x.failures.length > 1), 'a scenario records more than one failure');

    // Console: requirement text, sentence, expected and actual, the exchange, file:line, curl and rerun.
    const registry = await loadRegistry();
    const sig1 = registry.requirements.find((q) => q.id === 'BEARER-SIG-1')!;
    const out = r.stdout;
    assert.match(out, /FAIL\s+BEARER-SIG-1\s+MUST\s+A correctly signed token/);
    assert.ok(out.includes(sig1.text.split(/\s+/).slice(0, 8).join(' ')), 'the requirement text is shown');
    assert.match(out, /expected alice's session; got null: the request was not authenticated/);
    assert.match(out, /expected: \{"user":\{"id":"[^"]+","email":"alice-[0-9a-f]+@conformance\.test"\}/);
    assert.match(out, /actual: {3}null/);
    assert.match(out, /> GET http:\/\/127\.0\.0\.1:\d+\/api\/auth\/get-session\n\s+> authorization: Bearer \S+\n\s+< 200\n/);
    assert.match(out, /, step \d+ "[^"]+" \([^)]*\/conformance\/scenarios\/[a-z-]+\.yaml:\d+\)/);
    assert.match(out, /curl: {5}curl -sS -i -g --path-as-is -H 'User-Agent:' -H 'Accept:' -H 'authorization: Bearer [^']+' 'http:\/\/127\.0\.0\.1:\d+\/api\/auth\/get-session'/);
    assert.match(out, /rerun: {4}bearer-conformance --url http:\/\/127\.0\.0\.1:\d+\/api\/auth --secret "\$BEARER_CONFORMANCE_SECRET" --grep '\^[a-z0-9\\.-]+\$'/);
    assert.not.ok(out.includes('\u001b['), 'NO_COLOR: no escape sequences');
    assert.is(r.stderr, '', 'no progress line off a TTY');

    // JUnit: well-formed, one suite for the target, a testcase per scenario with its requirements.
    const junit = parseXml(readFileSync(files.junit, 'utf8'));
    const suites = all(junit, 'testsuite');
    assert.is(suites.length, 1);
    assert.is(all(junit, 'testcase').length, report.results.length);
    assert.is(Number(suites[0]!.attrs['failures']), report.summary.scenarios.fail);
    const failing = all(junit, 'testcase').find((c) => all(c, 'failure').length && all(c, 'property').some((p) => p.attrs['value'] === 'BEARER-SIG-1'))!;
    assert.match(all(failing, 'failure')[0]!.text, /rerun: {4}bearer-conformance /);
    assert.ok(all(junit, 'skipped').every((s) => /^Skipped: /.test(s.attrs['message']!)));

    // TAP: a point per result, skips with reasons, diagnostics for failures.
    const tap = parseTap(readFileSync(files.tap, 'utf8'));
    assert.is(tap.plan, report.results.length);
    assert.is(tap.points.filter((p) => !p.ok).length, report.summary.scenarios.fail + report.summary.scenarios.error);
    assert.ok(tap.points.filter((p) => p.directive).every((p) => /^SKIP Skipped: /.test(p.directive!)));
    assert.ok(tap.points.filter((p) => !p.ok).every((p) => typeof p.yaml?.['rerun'] === 'string'));

    // Without --redact-tokens the reports quote the tokens the server issued (the check below can fail).
    const outputs = outputsOf(r, Object.values(files));
    assert.ok([...target.tokens].some((t) => outputs.some((o) => o.includes(t))));
    for (const o of outputs) assert.not.ok(o.includes(SECRET), 'the secret never appears');

    // The curl line reproduces the failure: the server answers null to the bearer.
    const sigFailure = report.results.flatMap((x) => x.failures).find((f) => f.requirements.includes('BEARER-SIG-1') && f.check === 'session_of' && f.exchange!.request.method === 'GET')!;
    const curl = await promisify(execFile)('sh', ['-c', sigFailure.curl!]);
    assert.match(curl.stdout, /^HTTP\/1\.1 200 /);
    assert.ok(curl.stdout.trimEnd().endsWith('\r\n\r\nnull'), curl.stdout);

    // The rerun command runs that scenario alone and fails it again.
    const failed = report.results.find((x) => x.status === 'fail' && x.failures.some((f) => f.requirements.includes('BEARER-SIG-1')))!;
    const rerunJson = join(dir.path, 'rerun.json');
    const command = `${failed.rerun!.replace(/^bearer-conformance/, `"${process.execPath}" "${CLI}"`)} --reporter json --output ${rerunJson}`;
    const rerun = await promisify(execFile)('sh', ['-c', command], { env: { ...process.env, BEARER_CONFORMANCE_SECRET: SECRET } }).catch((e: { code: number; stdout: string; stderr: string }) => e);
    assert.is((rerun as { code?: number }).code, ExitCode.NonConforming, (rerun as { stderr: string }).stderr);
    const again = JSON.parse(readFileSync(rerunJson, 'utf8')) as Report;
    assert.equal(again.results.map((x) => [x.id, x.status]), [[failed.id, 'fail']]);
    assert.is(again.targets[0]!.secret_given, true);
  } finally {
    await target.close();
  }
});

test('--redact-tokens: no token the server issued appears in any report, in any spelling', async () => {
  const target = await proxiedReference(false);
  try {
    const files = { junit: join(dir.path, 'red.xml'), tap: join(dir.path, 'red.tap'), json: join(dir.path, 'red.json') };
    // An empty expectations file makes every failure unexpected: the gate's section quotes them too.
    const expectations = join(dir.path, 'none-expected.yaml');
    writeFileSync(expectations, 'expectations: []\n');
    const r = await runCli(['--url', target.url, '--secret', SECRET, '--redact-tokens', '--expectations', expectations, '--reporter', 'console', '--reporter', `junit:${files.junit}`, '--reporter', `tap:${files.tap}`, '--reporter', `json:${files.json}`]);
    assert.is(r.code, ExitCode.NonConforming, r.stderr);
    assert.ok(target.tokens.size > 100, `the proxy saw the tokens (${target.tokens.size})`);
    const outputs = outputsOf(r, Object.values(files));
    for (const token of target.tokens) {
      for (const spelling of new Set([token, encodeURIComponent(token)])) {
        const where = outputs.findIndex((o) => o.includes(spelling));
        assert.is(where, -1, `${spelling} appears in output ${where}`);
      }
    }
    for (const o of outputs) assert.not.ok(o.includes(SECRET));
    assert.match(r.stdout, /authorization: Bearer <redacted:alice\.signed>/);
    assert.match(r.stdout, /Session tokens and signed values are shown as <redacted:\.\.\.> labels/);
    const report = JSON.parse(readFileSync(files.json, 'utf8')) as Report;
    assert.is(report.tokens_redacted, true);
    assert.ok(report.expectations!.unexpected.length > 50, 'the gate section lists the failures (checked for tokens above)');
    assert.ok(validate(report), JSON.stringify(validate.errors, null, 1));
    assert.match(readFileSync(files.junit, 'utf8'), /&lt;redacted:alice\.(token|signed)&gt;/);
  } finally {
    await target.close();
  }
});

test('colour: none through a pipe or with NO_COLOR; FORCE_COLOR turns it on through a pipe', async () => {
  const ref = await createReferenceServer({ port: 0, host: '127.0.0.1', secret: SECRET, bearer: false });
  try {
    const args = ['--url', ref.url, '--scenarios', fixture('one-scenario.yaml')];
    // (uvu sets FORCE_COLOR=1 for the processes it starts: every case says what it wants.)
    const plain = await runCli(args, { env: { NO_COLOR: '', FORCE_COLOR: '0' } });
    assert.is(plain.code, ExitCode.NonConforming, plain.stderr);
    assert.match(plain.stdout, /FAIL\s+BEARER-SIG-1/);
    assert.not.ok(plain.stdout.includes('\u001b['));
    const noColor = await runCli(args, { env: { NO_COLOR: '1', FORCE_COLOR: '1' } });
    assert.match(noColor.stdout, /FAIL\s+BEARER-SIG-1/);
    assert.not.ok(noColor.stdout.includes('\u001b['));
    const forced = await runCli(args, { env: { NO_COLOR: '', FORCE_COLOR: '1' } });
    assert.match(forced.stdout, /\u001b\[31mFAIL/);
    assert.match(forced.stdout, /Verdict: \u001b\[1m\u001b\[31mNON-CONFORMING/);
    // A reporter writing to a file never gets colour codes.
    const file = join(dir.path, 'console.txt');
    const toFile = await runCli([...args, '--reporter', `console:${file}`], { env: { NO_COLOR: '', FORCE_COLOR: '1' } });
    assert.is(toFile.stdout, '');
    assert.not.ok(readFileSync(file, 'utf8').includes('\u001b['));
    assert.match(readFileSync(file, 'utf8'), /Verdict: NON-CONFORMING/);
  } finally {
    await ref.close();
  }
});

test('progress: a line rewritten on a terminal stderr, erased before the report; nothing through a pipe', async () => {
  // util-linux `script` gives the CLI a pseudo-terminal; elsewhere this check is left out.
  if (!/util-linux/.test(spawnSync('script', ['--version'], { encoding: 'utf8' }).stdout ?? '')) return void console.log('  (no util-linux script: TTY progress not checked)');
  const ref = await createReferenceServer({ port: 0, host: '127.0.0.1', secret: SECRET });
  try {
    const out = join(dir.path, 'tty.txt');
    const command = `"${process.execPath}" "${CLI}" --url ${ref.url} --scenarios ${fixture('one-scenario.yaml')} > ${out}`;
    const { stdout: terminal } = await promisify(execFile)('script', ['-q', '-e', '-c', command, '/dev/null'], { env: { ...process.env, NO_COLOR: '1' } });
    // (cut to the terminal's width, which `script` sets)
    assert.match(terminal, /\r\u001b\[KRunning: 1 done, 1 passed, 0 failed, 0 skipped, 0 errors {2}127\.0\.0\.1:\d+\/fx\.s/);
    assert.ok(terminal.trimEnd().endsWith('\r\u001b[K'), 'the progress line is erased');
    assert.match(readFileSync(out, 'utf8'), /^bearer-conformance .*\n[\s\S]*Verdict: CONFORMING\./);
  } finally {
    await ref.close();
  }
});

test('reporter usage errors exit 2 before any request', async () => {
  const both = await runCli(['--url', 'http://127.0.0.1:9/api/auth', '--reporter', 'console', '--reporter', 'tap']);
  assert.is(both.code, ExitCode.Usage);
  assert.match(both.stderr, /The console and tap reporters would both write to standard output/);
  const unwritable = await runCli(['--url', 'http://127.0.0.1:9/api/auth', '--reporter', `junit:${join(fixture('one-scenario.yaml'), 'j.xml')}`]);
  assert.is(unwritable.code, ExitCode.Usage);
  assert.match(unwritable.stderr, /Cannot write the JUnit report to .*j\.xml \(.*\); give --reporter junit:<file> a path in a writable directory\./);
});

test.run();
