// The bundled scenarios against the reference server: every scenario passes in both require_signature
// profiles (skips only for the other profile), and the scenarios catch a few deliberately broken
// bearer plugins, each on the requirement it breaks. The mutant suite (fixtures/mutants) goes wider;
// this keeps the scenario files honest on their own.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SCENARIO_DIR } from './bundled.js';
import { runTarget } from '../../conformance/engine/run.js';
import type { ScenarioResult } from '../../conformance/model/result.js';
import type { Target } from '../../conformance/model/target.js';
import { dumpSchemaUrl } from '../../conformance/plan/schema-file.js';
import { loadScenarios, type LoadedScenario } from '../../conformance/suite/load.js';
import { createBearerPlugin, createReferenceServer, type BearerParts, type ReferenceOptions } from '../../reference/index.js';

const SECRET = 'scenario-test-secret';
const ORIGIN = 'http://localhost:3000';
const EXPOSED = ['X-Request-Id'];

let bundled: LoadedScenario[] = [];

test.before(async () => {
  const { scenarios, errors } = await loadScenarios([SCENARIO_DIR]);
  assert.equal(errors, []);
  bundled = scenarios;
});

async function runAgainst(requireSignature: boolean, scenarios: LoadedScenario[], options: ReferenceOptions = {}): Promise<ScenarioResult[]> {
  // As the embedded run: the better-auth profile and a refresh on every get-session, declared.
  const server = await createReferenceServer({ secret: SECRET, requireSignature, exposeHeaders: EXPOSED, trustedOrigins: [ORIGIN], sessionUpdateAge: 0, ...options });
  const dumpDir = await mkdtemp(join(tmpdir(), 'scenario-schema-'));
  try {
    const schemaFile = join(dumpDir, 'schema.txt');
    await dumpSchemaUrl(server.schemaUrl, schemaFile);
    const target: Target = {
      name: requireSignature ? 'signed-only' : 'permissive',
      url: server.url,
      requireSignature,
      secret: SECRET,
      origin: ORIGIN,
      schemaUrl: server.schemaUrl,
      schemaFile,
      exposedHeaders: EXPOSED,
      profiles: ['better-auth'],
      sessionUpdateAge: 0,
    };
    return await runTarget(target, scenarios);
  } finally {
    await server.close();
    await rm(dumpDir, { recursive: true, force: true });
  }
}

function describe(r: ScenarioResult): string {
  const f = r.failure;
  return f ? `${r.id}: ${r.status} at step "${f.stepName}" [${f.requirements.join(', ')}] ${f.check}: ${f.message}` : `${r.id}: ${r.status} ${r.reason ?? ''}`;
}

for (const requireSignature of [false, true]) {
  test(`every bundled scenario passes against the reference with require_signature ${requireSignature}`, async () => {
    const results = await runAgainst(requireSignature, bundled);
    assert.is(results.length, bundled.length);
    const bad = results.filter((r) => r.status === 'fail' || r.status === 'error');
    assert.equal(bad.map(describe), []);
    const skipped = results.filter((r) => r.status === 'skip');
    const otherProfile = bundled.filter((s) => s.needs?.require_signature === !requireSignature).map((s) => s.id);
    assert.equal(skipped.map((r) => r.id).sort(), otherProfile.sort(), 'only scenarios of the other profile are skipped');
    assert.ok(results.filter((r) => r.status === 'pass').length > 100);
  });
}

/** Requirements blamed by failing scenarios, for a broken plugin that replaces one part. */
async function failingRequirements(requireSignature: boolean, parts: Partial<BearerParts>, idPrefix: RegExp): Promise<Set<string>> {
  const scenarios = bundled.filter((s) => idPrefix.test(s.id));
  const results = await runAgainst(requireSignature, scenarios, { bearer: createBearerPlugin(parts) });
  assert.equal(results.filter((r) => r.status === 'error').map(describe), []);
  return new Set(results.flatMap((r) => (r.status === 'fail' ? r.failure!.requirements : [])));
}

test('a plugin that ignores every bearer fails on acceptance, not on the rejection rules', async () => {
  const failing = await failingRequirements(false, { parseAuthorization: () => null }, /^(sig|parse|ign|prec)\./);
  for (const id of ['BEARER-SIG-1', 'BEARER-SIG-2']) assert.ok(failing.has(id), `${id} in ${[...failing]}`);
  for (const id of ['BEARER-SIG-4', 'BEARER-PARSE-4', 'BEARER-IGN-1', 'BEARER-PREC-2']) assert.not.ok(failing.has(id), `${id} blamed: ${[...failing]}`);
});

test('a plugin that lets the bearer win over the cookie fails BEARER-PREC-1 and BEARER-PREC-2', async () => {
  const failing = await failingRequirements(true, { chooseCredential: (cookie, bearer) => bearer() ?? cookie.token }, /^prec\./);
  assert.ok(failing.has('BEARER-PREC-1') && failing.has('BEARER-PREC-2'), [...failing].join(', '));
});

test('a plugin that falls back to the unsigned part fails BEARER-SIG-4 when signatures are optional', async () => {
  const verifyToken: BearerParts['verifyToken'] = (token, input) => {
    if (!token.includes('.')) return input.requireSignature ? null : token;
    return input.verify(token) ?? (input.requireSignature ? null : token.slice(0, token.indexOf('.')));
  };
  const failing = await failingRequirements(false, { verifyToken }, /^sig\./);
  assert.ok(failing.has('BEARER-SIG-4'), [...failing].join(', '));
});

test('a plugin that accepts unsigned tokens when signatures are required fails BEARER-SIG-3', async () => {
  const verifyToken: BearerParts['verifyToken'] = (token, input) => (token.includes('.') ? input.verify(token) : token);
  const failing = await failingRequirements(true, { verifyToken }, /^sig\./);
  assert.equal([...failing], ['BEARER-SIG-3']);
});

test('a case-sensitive scheme match fails BEARER-PARSE-1 only', async () => {
  const parseAuthorization: BearerParts['parseAuthorization'] = (h) => (h?.startsWith('Bearer ') ? h.slice(7).trim() || null : null);
  const failing = await failingRequirements(false, { parseAuthorization }, /^parse\./);
  assert.equal([...failing], ['BEARER-PARSE-1']);
});

test.run();
