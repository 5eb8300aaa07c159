// runTarget end to end against node:http stubs on 127.0.0.1: a stub that follows the rules passes,
// each broken stub fails with the right requirement, and transport trouble is an error, not a verdict.
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { closedPort, scenariosFrom, startStub, writeFixtures, type StubFaults } from '../support/stubs.js';
import { accentsToken, namesToken, runPlanned, runTarget, sharingPool } from '../../conformance/engine/run.js';
import { planTarget } from '../../conformance/plan/needs.js';
import { TargetUnreachableError } from '../../conformance/model/errors.js';
import type { ScenarioResult } from '../../conformance/model/result.js';
import type { Target } from '../../conformance/model/target.js';
import type { LoadedScenario } from '../../conformance/suite/load.js';

const PRECEDENCE = `
format: "1.0"
scenarios:
  - id: prec.cookie-wins
    title: alice's cookie with bob's bearer authenticates as alice
    requirements: [BEARER-PREC-1]
    actors: [alice, bob]
    steps:
      - name: bob's bearer alone authenticates as bob
        control: true
        requirements: [BEARER-SIG-1]
        request: { method: GET, path: /get-session, bearer: "\${bob.signed}" }
        expect: { status: 200, session_of: bob }
      - name: alice's cookie and bob's bearer
        request: { method: GET, path: /get-session, cookie: "\${alice.signed}", bearer: "\${bob.signed}" }
        expect: { status: 200, session_of: alice }
`;

/** PRECEDENCE after a sign-in step: actor setup is not judged (runner contract 1.3), the sign-in is. */
const SIGNED_IN_PRECEDENCE = `
format: "1.0"
scenarios:
  - id: prec.cookie-wins-after-sign-in
    title: alice signs in again, then her cookie with bob's bearer authenticates as alice
    requirements: [BEARER-PREC-1]
    actors: [alice, bob]
    steps:
      - name: alice signs in again
        requirements: [BEARER-SURF-2]
        request: { method: POST, path: /sign-in/email, json: { email: "\${alice.email}", password: "\${alice.password}" } }
        expect: { status: 200 }
      - name: bob's bearer alone authenticates as bob
        control: true
        requirements: [BEARER-SIG-1]
        request: { method: GET, path: /get-session, bearer: "\${bob.signed}" }
        expect: { status: 200, session_of: bob }
      - name: alice's cookie and bob's bearer
        request: { method: GET, path: /get-session, cookie: "\${alice.signed}", bearer: "\${bob.signed}" }
        expect: { status: 200, session_of: alice }
`;

const JUNK = `
format: "1.0"
scenarios:
  - id: ign.junk
    title: A tampered bearer is not authenticated
    requirements: [BEARER-IGN-1]
    actors: [alice]
    steps:
      - name: the signed token authenticates
        control: true
        requirements: [BEARER-SIG-1]
        request: { method: GET, path: /get-session, bearer: "\${alice.signed}" }
        capture: { sid: { json: /session/id } }
        expect: { status: 200, session_of: alice }
      - name: a tampered signature is ignored
        request: { method: GET, path: /get-session, bearer: "\${alice.signed | tamper}" }
        expect: { status: 200, body_null: true }
      - name: list-sessions shows the session captured earlier
        requirements: [BEARER-STORE-4]
        request: { method: GET, path: /list-sessions, bearer: "\${alice.signed}" }
        expect: { status: 200, session_ids: ["\${sid}"] }
`;

/** `count` one-step scenarios (anonymous get-session answers null), ids `<prefix>.s<i>`. */
function anonymousScenarios(prefix: string, count: number): string {
  const one = (i: number) => `  - id: ${prefix}.s${i}
    title: scenario ${i}
    requirements: [BEARER-SURF-3]
    steps:
      - name: anonymous
        request: { method: GET, path: /get-session }
        expect: { body_null: true }`;
  return `format: "1.0"\nscenarios:\n${Array.from({ length: count }, (_, i) => one(i)).join('\n')}\n`;
}

/** runTarget, with the run's stats too. */
function runWithStats(target: Target, scenarios: LoadedScenario[], opts: Parameters<typeof runTarget>[2] = {}) {
  return runPlanned(target, planTarget(target, scenarios), opts);
}

async function runAgainst(faults: StubFaults, yaml: string, opts: Parameters<typeof runTarget>[2] = {}): Promise<ScenarioResult[]> {
  const stub = await startStub(faults);
  try {
    // Every exchange, so the tests can read what went out (by default only failing steps' are kept).
    return await runTarget(stub.target(), await scenariosFrom(yaml), { keepExchanges: true, ...opts });
  } finally {
    await stub.close();
  }
}

test('a conforming stub passes and every cited requirement is credited', async () => {
  const [r] = await runAgainst({}, PRECEDENCE);
  assert.is(r!.status, 'pass', JSON.stringify(r!.failure));
  assert.equal(r!.requirements, ['BEARER-PREC-1', 'BEARER-SIG-1']);
  assert.equal(r!.passed, ['BEARER-PREC-1', 'BEARER-SIG-1']);
  assert.is(r!.failure, undefined);
  // two sign-ups and two steps
  assert.is(r!.exchanges.length, 4);
  assert.is(r!.target, 'stub');
});

test('a stub where the bearer beats the cookie fails BEARER-PREC-1 with expected and actual users', async () => {
  const [r] = await runAgainst({ bearerWins: true }, PRECEDENCE);
  assert.is(r!.status, 'fail');
  const f = r!.failure!;
  assert.equal(f.requirements, ['BEARER-PREC-1']);
  assert.is(f.check, 'session_of');
  assert.is(f.step, 1);
  assert.is(f.stepName, "alice's cookie and bob's bearer");
  assert.match(f.message, /expected alice's session; got bob's session/);
  const expected = f.expected as { user: { email: string } };
  const actual = f.actual as { user: { email: string } };
  assert.match(expected.user.email, /^alice-[0-9a-f]+@conformance\.test$/);
  assert.match(actual.user.email, /^bob-[0-9a-f]+@conformance\.test$/);
  // The step's line in the fixture file (line 1 is the blank line opening the template string).
  assert.is(f.line, 14);
  assert.match(f.file, /fixture\.yaml$/);
  const headers = f.exchange!.request.headers;
  assert.ok(headers.some(([n, v]) => n === 'cookie' && v.startsWith('better-auth.session_token=')));
  assert.ok(headers.some(([n, v]) => n === 'authorization' && v.startsWith('Bearer ')));
  assert.is(f.exchange!.response!.status, 200);
  // The control completed before the failure: its requirement is credited, the failed one is not.
  assert.equal(r!.passed, ['BEARER-SIG-1']);
});

test('a stub that never sends set-auth-token fails EMIT-1 on the sign-in step, and the scenario goes on to judge the rest', async () => {
  const [r] = await runAgainst({ noSetAuthToken: true }, SIGNED_IN_PRECEDENCE);
  assert.is(r!.status, 'fail');
  // Actor setup is observation: the two sign-ups are not judged. The sign-in step is; the get-session steps set no cookie.
  assert.is(r!.failures.length, 1);
  assert.is(r!.failure, r!.failures[0]);
  assert.is(r!.failure!.step, 0);
  assert.is(r!.failure!.stepName, 'alice signs in again');
  assert.is(r!.failure!.check, 'invariant:set-auth-token-with-live-cookie');
  assert.equal(r!.failure!.requirements, ['BEARER-EMIT-1']);
  // Every step still ran and held: their requirements are credited, EMIT-1 is not.
  assert.is(r!.exchanges.length, 5);
  assert.equal(r!.passed, ['BEARER-PREC-1', 'BEARER-SURF-2', 'BEARER-SIG-1']);
});

test('a server shaped differently (no token in the sign-up body, no session.userId, an empty anonymous body) is observed, not failed', async () => {
  const [prec, junk] = await runAgainst({ shaped: true }, PRECEDENCE + JUNK.replace(/^\s*format: "1.0"\s*scenarios:/, '').replace('body_null', 'unauthenticated'));
  assert.is(prec!.status, 'pass', JSON.stringify(prec!.failures));
  assert.is(junk!.status, 'pass', JSON.stringify(junk!.failures));
});

test('a failure is charged to the step\'s first requirement; the others are its context', async () => {
  const yaml = PRECEDENCE.replace("requirements: [BEARER-SIG-1]", "requirements: [BEARER-SIG-1, BEARER-SURF-3]");
  const [r] = await runAgainst({ bearerWins: true }, yaml.replace('bob\'s bearer alone authenticates as bob"', 'x"').replace('session_of: bob }', 'session_of: alice }'));
  assert.equal(r!.failure!.requirements, ['BEARER-SIG-1']);
  assert.equal(r!.failure!.context, ['BEARER-SURF-3']);
});

test('throttled answers are waited out and never judged; the stats count them and the sessions', async () => {
  const stub = await startStub({ throttleFirst: 3 });
  try {
    const { results, stats } = await runWithStats(stub.target(), await scenariosFrom(PRECEDENCE), { seed: 'fixed' });
    assert.is(results[0]!.status, 'pass', JSON.stringify(results[0]!.failures));
    assert.is(stats.throttling.waits, 3);
    assert.equal(stats.throttling.byStatus, { 429: 3 });
    assert.is(stats.seed, 'fixed');
    assert.equal(stats.sessions, { signUps: 2, signIns: 0, signOuts: 0, actors: 2, sharedUses: 0, restarts: 0 });
  } finally {
    await stub.close();
  }
});

test('tokens get the characters the scenario needs: actors by signing other users up, while nothing is rate-limited', async () => {
  const stub = await startStub({ anySignature: true });
  try {
    const plus = PRECEDENCE.replace('actors: [alice, bob]', 'actors: [alice, bob]\n    needs_token: { signature_contains: "+" }').replace('prec.cookie-wins', 'prec.cookie-wins-plus');
    const scenarios = await scenariosFrom(PRECEDENCE + plus.replace(/^\s*format: "1.0"\s*scenarios:/, ''));
    const { results, stats } = await runWithStats(stub.target(), scenarios);
    for (const r of results) assert.is(r.status, 'pass', JSON.stringify(r.failures));
    const bearers = results.map((r) => r.exchanges.filter((e) => e.request.url.endsWith('/get-session')).map((e) => e.request.headers.find(([n]) => n === 'authorization')![1]));
    for (const b of bearers[0]!) assert.not.match(b.split('.')[1]!, /[+/]/, 'plain tokens by default');
    for (const b of bearers[1]!) assert.match(b.split('.')[1]!, /^[^/]*\+[^/]*$/, 'a + and no / when the scenario needs +');
    assert.is(stats.sessions.signIns, 0, 'nothing is limited: sign-up is chosen');
    assert.is(stats.sessions.signOuts, 0, 'users given up are simply not used');
    assert.ok(stats.sessions.signUps >= 4);
    assert.is(stats.sessions.actors, 4);
  } finally {
    await stub.close();
  }
});

test('a sign-in step is sent again until its token has the characters; each session given up is signed out, only the kept answer is judged', async () => {
  const stub = await startStub({ anySignature: true });
  try {
    const yaml = SIGNED_IN_PRECEDENCE.replace('expect: { status: 200 }', 'capture: { issued: { cookie: session } }\n        expect: { status: 200 }');
    const { results, stats } = await runWithStats(stub.target(), await scenariosFrom(yaml), { keepExchanges: true });
    assert.is(results[0]!.status, 'pass', JSON.stringify(results[0]!.failures));
    assert.is(stats.sessions.signOuts, stats.sessions.signIns - 1, 'one sign-out per sign-in given up');
    assert.is(stats.sessions.restarts, 0, 'each sign-out ended just its session');
    const signIns = results[0]!.exchanges.filter((e) => e.request.url.endsWith('/sign-in/email'));
    const kept = signIns.at(-1)!.response!.headers.find(([n]) => n === 'set-auth-token')![1];
    assert.not.match(kept.split('.')[1]!, /[+/]/);
  } finally {
    await stub.close();
  }
});

for (const signOut of ['nothing', 'everywhere'] as const) {
  test(`a sign-out that ends ${signOut === 'nothing' ? 'nothing' : 'every session of the user'}: the scenario runs again with new actors until no session is given up; the kept run gave nothing up`, async () => {
    const stub = await startStub({ anySignature: true, signOut });
    try {
      const yaml = SIGNED_IN_PRECEDENCE.replace('expect: { status: 200 }', 'capture: { issued: { cookie: session } }\n        expect: { status: 200 }');
      const { results, stats } = await runWithStats(stub.target(), await scenariosFrom(yaml), { keepExchanges: true, seed: 'restarts' });
      assert.is(results[0]!.status, 'pass', JSON.stringify(results[0]!.failures));
      const signIns = results[0]!.exchanges.filter((e) => e.request.url.endsWith('/sign-in/email'));
      assert.is(signIns.length, 1, 'the judged run signed in once');
      assert.is(results[0]!.exchanges.filter((e) => e.request.url.endsWith('/sign-out')).length, 0, 'and signed nothing out');
      assert.is(stats.sessions.restarts, stats.sessions.signOuts, 'each unclean sign-out restarted the scenario');
    } finally {
      await stub.close();
    }
  });
}

test('an actor whose token no step names keeps its first session: its characters cannot matter', async () => {
  const [named, unnamed] = await scenariosFrom(`
format: "1.0"
scenarios:
  - id: t.named
    title: names the token
    requirements: [BEARER-SIG-1]
    actors: [alice]
    steps:
      - { name: a, request: { method: GET, path: /get-session, bearer: "\${ alice.signed | percent_encode }" }, expect: { status: 200 } }
  - id: t.unnamed
    title: signs in with the password only
    requirements: [BEARER-SIG-1]
    actors: [alice]
    steps:
      - { name: a, request: { method: POST, path: /sign-in/email, json: { email: "\${alice.email}", password: "\${alice.password}" } }, expect: { status: 200 } }
`);
  assert.equal([namesToken(named!, 'alice'), namesToken(unnamed!, 'alice'), namesToken(named!, 'bob')], [true, false, false]);
  const stub = await startStub({ anySignature: true });
  try {
    const { results, stats } = await runWithStats(stub.target(), [{ ...unnamed!, steps: [{ ...unnamed!.steps[0]!, request: { method: 'GET', path: '/get-session' } }] }]);
    assert.is(results[0]!.status, 'pass', JSON.stringify(results[0]!.failures));
    assert.is(stats.sessions.signUps, 1, 'one sign-up, whatever its characters');
  } finally {
    await stub.close();
  }
});

test('an actor whose token a step accents gets a token with an accentable letter, so the verdict never rests on chance (18.3)', async () => {
  const [accented] = await scenariosFrom(`
format: "1.1"
scenarios:
  - id: sig.accented
    title: an accented token does not authenticate
    requirements: [BEARER-SIG-5]
    actors: [alice]
    steps:
      - { name: the token, control: true, requirements: [BEARER-SIG-2], request: { method: GET, path: /get-session, bearer: "\${alice.token}" }, expect: { status: 200, session_of: alice } }
      - { name: accented, request: { method: GET, path: /get-session, bearer: "\${alice.token | accent | percent_encode}" }, expect: { status: 200, unauthenticated: true } }
`);
  assert.equal([accentsToken(accented!, 'alice'), accentsToken(accented!, 'bob')], [true, false]);
  const stub = await startStub({ digitTokensFirst: 2 });
  try {
    const { results, stats } = await runWithStats(stub.target(), [accented!]);
    assert.is(results[0]!.status, 'pass', JSON.stringify(results[0]!.failures ?? results[0]!.reason));
    // Two sessions given up for tokens of digits only (a random hex token lacks a, c and e too, once in 800).
    assert.ok(stats.sessions.signUps + stats.sessions.signIns >= 3, `sessions: ${stats.sessions.signUps + stats.sessions.signIns}`);
  } finally {
    await stub.close();
  }
});

test('sharing pools: read-only scenarios share; a scenario that signs in has actors of its own, with or without a list of sessions', async () => {
  const [readOnly, appendOnly, own] = await scenariosFrom(`
format: "1.0"
scenarios:
  - id: p.read
    title: reads
    requirements: [BEARER-SIG-1]
    actors: [alice]
    steps:
      - { name: a, request: { method: GET, path: /list-sessions, bearer: "\${alice.signed}" }, expect: { status: 200 } }
  - id: p.append
    title: signs in
    requirements: [BEARER-SIG-1]
    actors: [alice]
    steps:
      - { name: a, request: { method: POST, path: /sign-in/email, json: { email: "\${alice.email}", password: "\${alice.password}" } }, expect: { status: 200 } }
      - { name: b, request: { method: GET, path: /get-session, bearer: "\${alice.signed}" }, expect: { status: 200 } }
  - id: p.own
    title: signs in and lists
    requirements: [BEARER-SIG-1]
    actors: [alice]
    steps:
      - { name: a, request: { method: POST, path: /sign-in/email, json: { email: "\${alice.email}", password: "\${alice.password}" } }, expect: { status: 200 } }
      - { name: b, request: { method: GET, path: /list-sessions, bearer: "\${alice.signed}" }, expect: { status: 200 } }
`);
  assert.equal([readOnly, appendOnly, own].map((s) => sharingPool(s!)), ['read-only', undefined, undefined]);
});

test('read-only scenarios share their actors', async () => {
  const second = PRECEDENCE.replace('prec.cookie-wins', 'prec.cookie-wins-again').replace(/^\s*format: "1.0"\s*scenarios:/, '');
  const stub = await startStub({});
  try {
    const { results, stats } = await runWithStats(stub.target(), await scenariosFrom(PRECEDENCE + second));
    assert.equal(results.map((r) => r.status), ['pass', 'pass']);
    assert.equal(stats.sessions, { signUps: 2, signIns: 0, signOuts: 0, actors: 2, sharedUses: 2, restarts: 0 });
  } finally {
    await stub.close();
  }
});

test('invariant failures and a stopping failure are all recorded, the stopping one last', async () => {
  const [r] = await runAgainst({ noSetAuthToken: true, bearerWins: true }, SIGNED_IN_PRECEDENCE);
  assert.is(r!.status, 'fail');
  assert.equal(r!.failures.map((f) => [f.step, f.check, f.requirements]), [
    [0, 'invariant:set-auth-token-with-live-cookie', ['BEARER-EMIT-1']],
    [2, 'session_of', ['BEARER-PREC-1']],
  ]);
  assert.equal(r!.passed, ['BEARER-SURF-2', 'BEARER-SIG-1']);
  assert.is(r!.error, undefined);
});

test('a duplicate exposed name fails BEARER-CORS-3', async () => {
  const [r] = await runAgainst({ duplicateExpose: true }, SIGNED_IN_PRECEDENCE);
  assert.is(r!.status, 'fail');
  assert.equal(r!.failure!.requirements, ['BEARER-CORS-3']);
  assert.match(r!.failure!.message, /set-auth-token more than once/);
});

test('a 500 to a junk bearer fails BEARER-SURF-7 whatever the step expected', async () => {
  const [r] = await runAgainst({ crashOnJunk: true }, JUNK);
  assert.is(r!.status, 'fail');
  assert.is(r!.failure!.step, 1);
  assert.is(r!.failure!.check, 'invariant:status-below-500');
  assert.equal(r!.failure!.requirements, ['BEARER-SURF-7']);
  assert.is(r!.failure!.actual, 500);
  assert.equal(r!.passed, ['BEARER-SIG-1']);
});

test('captures flow into later steps and derived values go out on the wire', async () => {
  const stub = await startStub();
  try {
    const [r] = await runTarget(stub.target(), await scenariosFrom(JUNK), { keepExchanges: true });
    assert.is(r!.status, 'pass', JSON.stringify(r!.failure));
    const signed = r!.exchanges[1]!.request.headers.find(([n]) => n === 'authorization')![1];
    const tampered = r!.exchanges[2]!.request.headers.find(([n]) => n === 'authorization')![1];
    assert.is.not(signed, tampered);
    assert.is(tampered.length, signed.length);
    // what the server received is what the exchange records
    const received = stub.requests[2]!.rawHeaders;
    assert.equal(received.slice(received.indexOf('authorization'), received.indexOf('authorization') + 2), ['authorization', tampered]);
  } finally {
    await stub.close();
  }
});

test('wire and schema checks: sign, verifies and schema_is_core against a core schema file', async () => {
  const yaml = `
format: "1.0"
scenarios:
  - id: wire.sign-and-verify
    title: A token signed by the runner authenticates, and issued tokens verify
    requirements: [BEARER-WIRE-2]
    needs: { secret: true }
    actors: [alice]
    steps:
      - name: the issued token verifies
        requirements: [BEARER-WIRE-1]
        request: { method: GET, path: /get-session, bearer: "\${alice.signed}" }
        expect: { status: 200, session_of: alice, verifies: ["\${alice.signed}"] }
      - name: the runner's own signature is accepted
        request: { method: GET, path: /get-session, bearer: "\${alice.token | sign}" }
        expect: { status: 200, session_of: alice }
  - id: schema.core
    title: The schema description lists the core schema
    requirements: [BEARER-SCHEMA-1]
    needs: { schema_url: true }
    steps:
      - name: read the schema description
        request: { method: GET, url: "\${target.schema_url}" }
        expect: { status: 200, schema_is_core: true }
`;
  const dir = writeFixtures({ 'core.json': JSON.stringify({ tables: { user: { fields: ['id', 'email'] }, session: { fields: ['id', 'token'] } } }) });
  const coreSchemaFile = join(dir, 'core.json');
  for (const extra of [false, true]) {
    const stub = await startStub({ schemaExtraField: extra });
    try {
      const results = await runTarget(stub.target({ schemaUrl: `${stub.url}/schema` }), await scenariosFrom(yaml), { coreSchemaFile });
      assert.is(results[0]!.status, 'pass', JSON.stringify(results[0]!.failure));
      assert.equal(results[0]!.passed, ['BEARER-WIRE-2', 'BEARER-WIRE-1']);
      if (!extra) assert.is(results[1]!.status, 'pass', JSON.stringify(results[1]!.failure));
      else {
        assert.is(results[1]!.status, 'fail');
        assert.is(results[1]!.failure!.check, 'schema_is_core');
        assert.is(results[1]!.failure!.message, "the schema differs from the core schema: it adds field 'user.bearerToken'");
      }
    } finally {
      await stub.close();
    }
  }
  // The wrong secret makes the issued token fail verification, attributed to WIRE-1.
  const stub = await startStub();
  try {
    const [r] = await runTarget(stub.target({ secret: 'not-the-secret' }), await scenariosFrom(yaml), { coreSchemaFile });
    assert.is(r!.status, 'fail');
    assert.is(r!.failure!.check, 'verifies');
    assert.equal(r!.failure!.requirements, ['BEARER-WIRE-1']);
  } finally {
    await stub.close();
  }
});

test('an unreadable core schema makes schema_is_core an error, not a failure', async () => {
  const yaml = `
format: "1.0"
scenarios:
  - id: schema.core
    title: The schema description lists the core schema
    requirements: [BEARER-SCHEMA-1]
    needs: { schema_url: true }
    steps:
      - name: read the schema description
        request: { method: GET, url: "\${target.schema_url}" }
        expect: { schema_is_core: true }
`;
  const stub = await startStub();
  try {
    const [r] = await runTarget(stub.target({ schemaUrl: `${stub.url}/schema` }), await scenariosFrom(yaml), { coreSchemaFile: '/nonexistent/core.json' });
    assert.is(r!.status, 'error');
    assert.is(r!.failure!.check, 'internal');
    assert.match(r!.reason!, /cannot read the core schema \/nonexistent\/core\.json/);
  } finally {
    await stub.close();
  }
});

test('unmet needs are skipped with a reason, and results keep scenario order', async () => {
  const yaml = `
format: "1.0"
scenarios:
  - id: a.slow
    title: get-session without credentials answers null
    requirements: [BEARER-SURF-3]
    steps:
      - name: anonymous
        request: { method: GET, path: /get-session }
        expect: { status: 200, body_null: true }
  - id: b.signed-only
    title: only on signed-only targets
    requirements: [BEARER-SIG-3]
    needs: { require_signature: true }
    steps:
      - name: anonymous
        request: { method: GET, path: /get-session }
        expect: { body_null: true }
  - id: c.schema
    title: only with a schema URL
    requirements: [BEARER-SCHEMA-1]
    needs: { schema_url: true }
    steps:
      - name: schema
        request: { method: GET, url: "\${target.schema_url}" }
        expect: { schema_is_core: true }
`;
  const seen: string[] = [];
  const results = await runAgainst({ delayMs: 50 }, yaml, { onResult: (r) => seen.push(r.id) });
  assert.equal(results.map((r) => r.id), ['a.slow', 'b.signed-only', 'c.schema']);
  assert.equal(results.map((r) => r.status), ['pass', 'skip', 'skip']);
  assert.match(results[1]!.reason!, /require_signature true, and this target declares false/);
  assert.match(results[2]!.reason!, /schema description URL/);
  assert.equal(results[1]!.passed, []);
  assert.equal(seen.sort(), ['a.slow', 'b.signed-only', 'c.schema']);
});

test('a refused first connection throws TargetUnreachableError', async () => {
  const port = await closedPort();
  const scenarios = await scenariosFrom(PRECEDENCE);
  const target = { name: 'down', url: `http://127.0.0.1:${port}/api/auth`, requireSignature: false, origin: 'http://localhost:3000' };
  try {
    await runTarget(target, scenarios, {});
    assert.unreachable('runTarget resolved against a closed port');
  } catch (e) {
    assert.instance(e, TargetUnreachableError);
    assert.is((e as TargetUnreachableError).code, 'ECONNREFUSED');
    assert.match((e as Error).message, new RegExp(`127\\.0\\.0\\.1:${port}`));
  }
});

test('a server that accepts connections and never answers is unreachable after one timeout, not one per scenario', async () => {
  const stub = await startStub({ hang: true });
  // Ten one-request scenarios, two at a time: waiting out each timeout would send all ten requests.
  try {
    await runTarget(stub.target(), await scenariosFrom(anonymousScenarios('t', 10)), { timeoutMs: 300, concurrency: 2 });
    assert.unreachable('runTarget resolved against a server that never answers');
  } catch (e) {
    assert.instance(e, TargetUnreachableError);
    const err = e as TargetUnreachableError;
    assert.is(err.kind, 'silent');
    assert.is(err.timeoutMs, 300);
    assert.match(err.message, new RegExp(`^The target at ${stub.url.replace(/[.]/g, '\\.')} accepted connections but answered none of the requests within 300 ms`));
    assert.match(err.message, /--timeout/, 'the message says what to do next');
    // Scheduling stopped at the first timeout: only the requests already in flight were sent.
    assert.ok(stub.requests.length <= 2, `${stub.requests.length} requests were sent`);
  } finally {
    await stub.close();
  }
});

test('once the target has answered, a timeout is an error of that scenario alone', async () => {
  // Sign-up answers at once; get-session only after the deadline.
  const [r] = await runAgainst({ delayMs: 1000 }, PRECEDENCE, { timeoutMs: 300 });
  assert.is(r!.status, 'error');
  assert.match(r!.reason!, /^step 1 \('bob's bearer alone authenticates as bob'\): GET http:\/\/127\.0\.0\.1:\d+\/api\/auth\/get-session: no complete response within 300 ms$/);
  assert.is(r!.failure!.check, 'transport');
  assert.is(r!.failure!.exchange!.response, undefined);
  assert.equal(r!.passed, []);
});

test('a body that stops arriving is a timeout error of the scenario: the headers were an answer', async () => {
  const yaml = `
format: "1.0"
scenarios:
  - id: t.stall
    title: get-session without credentials answers null
    requirements: [BEARER-SURF-3]
    steps:
      - name: anonymous
        request: { method: GET, path: /get-session }
        expect: { body_null: true }
`;
  const [r] = await runAgainst({ stallBody: true }, yaml, { timeoutMs: 300 });
  assert.is(r!.status, 'error');
  assert.match(r!.reason!, /^step 1 \('anonymous'\): GET http:\/\/127\.0\.0\.1:\d+\/api\/auth\/get-session: no complete response within 300 ms$/);
  assert.is(r!.failure!.step, 0);
});

test('a failure followed by an error: the scenario fails, and the error says why it could not finish', async () => {
  const [r] = await runAgainst({ noSetAuthToken: true, stallBody: true }, SIGNED_IN_PRECEDENCE, { timeoutMs: 300 });
  assert.is(r!.status, 'fail');
  assert.equal(r!.failures.map((f) => f.requirements), [['BEARER-EMIT-1']]);
  assert.is(r!.error!.check, 'transport');
  assert.is(r!.error!.step, 1);
  assert.match(r!.reason!, /^step 2 \('bob's bearer alone authenticates as bob'\): .*no complete response within 300 ms$/);
  assert.equal(r!.passed, []);
});

test('a connection closed mid-request is an error naming the reset', async () => {
  const [r] = await runAgainst({ reset: true }, PRECEDENCE, { timeoutMs: 2000 });
  assert.is(r!.status, 'error');
  assert.match(r!.reason!, /closed before a complete response/);
});

test('a derived value that cannot be computed makes the scenario an error at its step', async () => {
  const yaml = `
format: "1.0"
scenarios:
  - id: t.tamper-unsigned
    title: tamper needs a signature
    requirements: [BEARER-SIG-4]
    actors: [alice]
    steps:
      - name: tamper the raw token
        request: { method: GET, path: /get-session, bearer: "\${alice.token | tamper}" }
        expect: { body_null: true }
`;
  const [r] = await runAgainst({}, yaml);
  assert.is(r!.status, 'error');
  assert.is(r!.failure!.check, 'template');
  assert.is(r!.failure!.step, 0);
  assert.match(r!.reason!, /^step 1 \('tamper the raw token'\): '\$\{alice\.token \| tamper\}': tamper: '[0-9a-f]+' has no signature/);
});

test('a missing capture fails the step with check capture', async () => {
  const yaml = `
format: "1.0"
scenarios:
  - id: t.capture
    title: capture from a null body
    requirements: [BEARER-SURF-3]
    steps:
      - name: anonymous get-session
        request: { method: GET, path: /get-session }
        capture: { sid: { json: /session/id } }
        expect: { status: 200 }
`;
  const [r] = await runAgainst({}, yaml);
  assert.is(r!.status, 'fail');
  assert.is(r!.failure!.check, 'capture');
  assert.match(r!.failure!.message, /capture 'sid': the JSON body has nothing at '\/session\/id'/);
  assert.equal(r!.failure!.requirements, ['BEARER-SURF-3']);
});

test('scenarios run concurrently up to the limit, and results keep scenario order', async () => {
  const scenarios = await scenariosFrom(anonymousScenarios('c', 12));
  for (const concurrency of [1, 4]) {
    const stub = await startStub({ delayMs: 30 });
    try {
      const results = await runTarget(stub.target(), scenarios, { concurrency });
      assert.equal(results.map((r) => r.id), scenarios.map((s) => s.id));
      assert.ok(results.every((r) => r.status === 'pass'));
      assert.is(stub.requests.length, 12);
      if (concurrency === 1) assert.is(stub.peakInFlight(), 1);
      else assert.ok(stub.peakInFlight() > 1 && stub.peakInFlight() <= 4, `peak ${stub.peakInFlight()}`);
    } finally {
      await stub.close();
    }
  }
});

test('once stop answers a reason, scenarios not started are skips with it; those in flight finish', async () => {
  const scenarios = await scenariosFrom(anonymousScenarios('st', 6));
  const stub = await startStub({ delayMs: 20 });
  try {
    let finished = 0;
    const results = await runTarget(stub.target(), scenarios, {
      concurrency: 2,
      onResult: () => finished++,
      stop: () => (finished >= 1 ? 'stopped for the test' : undefined),
    });
    assert.equal(results.map((r) => r.id), scenarios.map((s) => s.id));
    assert.equal(results.slice(0, 2).map((r) => r.status), ['pass', 'pass']);
    assert.ok(results.slice(3).every((r) => r.status === 'skip' && r.reason === 'stopped for the test'));
    assert.is(finished, 6, 'every scenario is reported, run or not');
    assert.ok(stub.requests.length <= 3, `requests: ${stub.requests.length}`);
  } finally {
    await stub.close();
  }
});

test.run();
