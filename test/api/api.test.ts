// The programmatic API: run(options) resolves to the report and prints nothing unless asked;
// custom reporters get every result and the report; the embedded servers close whatever happens.
import { request } from 'undici';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fixture } from '../support/cli.js';
import { run, ScenarioFilesError, TargetUnreachableError, UsageError, type Report, type ScenarioResult } from '../../conformance/index.js';
import { profileRuns, withEmbeddedTargets } from '../../conformance/plan/embedded.js';
import { createReferenceServer } from '../../reference/index.js';

function sink(): { stream: NodeJS.WritableStream; text(): string } {
  let text = '';
  const stream = { write: (s: string, cb?: (e?: Error) => void) => ((text += s), cb?.(), true) } as unknown as NodeJS.WritableStream;
  return { stream, text: () => text };
}

test('run() resolves to the report without writing anything, and feeds a custom reporter', async () => {
  const ref = await createReferenceServer({ port: 0, host: '127.0.0.1', secret: 'api-secret-value' });
  try {
    const out = sink();
    const seen: ScenarioResult[] = [];
    let finished: Report | undefined;
    const report = await run({
      url: ref.url,
      secret: 'api-secret-value',
      scenarios: [fixture('one-scenario.yaml')],
      stdout: out.stream,
      reporters: [{ onResult: (r) => seen.push(r), finish: async (r) => void (finished = r) }],
    });
    assert.is(out.text(), '');
    assert.is(report.summary.verdict, 'conforming');
    assert.equal(report.results.map((r) => [r.id, r.status]), [['fx.signed-token', 'pass']]);
    assert.equal(seen.map((r) => r.id), ['fx.signed-token']);
    assert.is(finished, report);
    assert.not.ok(JSON.stringify(report).includes('api-secret-value'));
    // Asked for, the console reporter writes to the given stream.
    const shown = sink();
    await run({ url: ref.url, scenarios: fixture('one-scenario.yaml'), reporters: ['console'], stdout: shown.stream });
    assert.match(shown.text(), /PASS\s+BEARER-SIG-1/);
  } finally {
    await ref.close();
  }
});

test('run() rejects with typed errors that carry the CLI exit codes', async () => {
  const usage = await run({ url: 'ftp://x' }).catch((e: unknown) => e);
  assert.instance(usage, UsageError);
  assert.is((usage as UsageError).exitCode, 2);
  const scenarios = await run({ url: 'http://127.0.0.1:9/api/auth', scenarios: fixture('invalid-scenario.yaml') }).catch((e: unknown) => e);
  assert.instance(scenarios, ScenarioFilesError);
  assert.is((scenarios as ScenarioFilesError).exitCode, 3);
  assert.match((scenarios as ScenarioFilesError).problems[0]!.file, /invalid-scenario\.yaml$/);
  assert.is((scenarios as ScenarioFilesError).problems[0]!.line, 10);
  const badNumber = await run({ concurrency: 0 }).catch((e: unknown) => e);
  assert.instance(badNumber, UsageError);
  const badReporter = await run({ url: 'http://127.0.0.1:9/api/auth', reporters: ['xml' as 'json'] }).catch((e: unknown) => e);
  assert.instance(badReporter, UsageError);
  assert.match((badReporter as Error).message, /no reporter named "xml"; the reporters are console, json, junit, tap, html and markdown\./);
  const ref = await createReferenceServer({ port: 0, host: '127.0.0.1' });
  const url = ref.url;
  await ref.close();
  // Reporters get the minimal report (the console reporter leaves the sentence to its caller), and so does the caller.
  const out = sink();
  const seen: string[] = [];
  const custom = { finish: async () => void seen.push('finish'), unreachable: async (r: { summary: { verdict: string } }) => void seen.push(r.summary.verdict) };
  const unreachable = await run({ url, scenarios: fixture('one-scenario.yaml'), reporters: ['json', custom], stdout: out.stream }).catch((e: unknown) => e);
  assert.instance(unreachable, TargetUnreachableError);
  const report = (unreachable as TargetUnreachableError).report!;
  assert.equal([report.summary.verdict, report.unreachable.kind, report.unreachable.url], ['unreachable', 'refused', url]);
  assert.equal(JSON.parse(out.text()), report);
  assert.equal(seen, ['unreachable']);
});

test('the embedded targets describe both profiles, and their servers close even when the run throws', async () => {
  let urls: string[] = [];
  const failure = await withEmbeddedTargets(async (targets) => {
    assert.equal(targets.map((t) => [t.name, t.requireSignature, t.origin, t.exposedHeaders]), [
      ['permissive', false, 'http://localhost:3000', ['X-Request-Id']],
      ['signed-only', true, 'http://localhost:3000', ['X-Request-Id']],
    ]);
    assert.ok(targets.every((t) => typeof t.secret === 'string' && t.secret.length >= 32 && t.schemaUrl?.startsWith('http://127.0.0.1:')));
    assert.is.not(targets[0]!.secret, targets[1]!.secret);
    urls = targets.map((t) => t.url);
    const live = await request(`${urls[0]}/get-session`);
    assert.is(live.statusCode, 200);
    await live.body.text();
    throw new Error('boom');
  }).catch((e: unknown) => e);
  assert.instance(failure, Error);
  assert.is((failure as Error).message, 'boom');
  for (const url of urls) {
    const after = await request(`${url}/get-session`).then(
      (r) => `answered ${r.statusCode}`,
      (e: unknown) => (e as { code?: string }).code,
    );
    assert.is(after, 'ECONNREFUSED');
  }
});

test('a scenario runs in the profiles whose require_signature it accepts', () => {
  assert.ok(profileRuns({ requireSignature: true }, {}));
  assert.ok(profileRuns({ requireSignature: false }, { needs: {} }));
  assert.ok(profileRuns({ requireSignature: true }, { needs: { require_signature: true } }));
  assert.not.ok(profileRuns({ requireSignature: false }, { needs: { require_signature: true } }));
  assert.not.ok(profileRuns({ requireSignature: true }, { needs: { require_signature: false } }));
});

test.run();
