// End to end, on the parsing scenarios only (the full matrix is `npm run mutants`): the unmodified
// reference passes them all, and a case-sensitive scheme parser is caught by exactly the three
// scheme-case scenarios, on BEARER-PARSE-1. Also: the signature-spelling layer of the wire mutants
// round-trips, so those mutants work on their own and fail only the wire checks.
import { request } from 'undici';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadScenarios } from '../../conformance/suite/load.js';
import { packageFile } from '../../conformance/suite/spec-files.js';
import { mutantById } from '../../fixtures/mutants/catalog.js';
import { judgeMutant, judgeReference } from '../../fixtures/mutants/matrix.js';
import { startSubject } from '../../fixtures/mutants/servers.js';
import { BASE64_UNPADDED, BASE64URL_UNPADDED } from '../../fixtures/mutants/signature-spelling.js';
import { runSubject } from '../../fixtures/mutants/suite.js';

test('the reference passes the parsing scenarios and parse.scheme-case-sensitive is killed by the scheme-case ones', async () => {
  const { scenarios, errors } = await loadScenarios([packageFile('conformance/scenarios/parsing.yaml')]);
  assert.equal(errors, []);
  const mutant = mutantById('parse.scheme-case-sensitive')!;
  const [reference, broken] = await Promise.all([runSubject(null, scenarios), runSubject(mutant, scenarios)]);

  const ref = judgeReference(reference, scenarios.map((s) => s.id));
  assert.equal(ref.problems, []);
  assert.is(reference.results.length, scenarios.length * 2, 'every parsing scenario ran in both profiles');

  const verdict = judgeMutant(mutant, broken);
  assert.is(verdict.status, 'killed');
  assert.equal(verdict.kills.map((k) => k.scenario).sort(), ['parse.scheme-case.lower', 'parse.scheme-case.mixed', 'parse.scheme-case.upper']);
  for (const kill of verdict.kills) {
    assert.equal(kill.requirements, ['BEARER-PARSE-1']);
    assert.equal(kill.profiles.sort(), ['permissive', 'signed-only']);
  }
});

test('signature spellings round-trip and refuse better-auth\'s own spelling', () => {
  const signature = 'ab+/cdEFghIJklMNopQRstUVwxYZ0123456789+/abc='; // 44 characters, like an HMAC-SHA256 in base64
  assert.is(signature.length, 44);
  for (const spelling of [BASE64URL_UNPADDED, BASE64_UNPADDED]) {
    const written = spelling.write(signature, 'token');
    assert.is(written.length, 43);
    assert.not.match(written, /=/);
    assert.is(spelling.read(written, 'token'), signature);
    assert.is(spelling.read(signature, 'token'), null, 'the padded standard spelling is not this spelling');
  }
  assert.not.match(BASE64URL_UNPADDED.write(signature, 'token'), /[+/]/);
});

test('a wire mutant issues tokens in its own spelling, which work with it, and still reads better-auth\'s (it breaks BEARER-WIRE-1 only)', async () => {
  const running = await startSubject(mutantById('wire.base64url-signature')!, 'signed-only');
  try {
    const signUp = await request(`${running.target.url}/sign-up/email`, {
      method: 'POST',
      headers: { origin: running.target.origin, 'content-type': 'application/json' },
      body: JSON.stringify({ email: `wire-${Date.now()}@mutants.test`, password: 'a-long-password', name: 'Wire' }),
    });
    const issued = String(signUp.headers['set-auth-token']);
    const { token } = (await signUp.body.json()) as { token: string };
    assert.match(issued, new RegExp(`^${token}\\.[A-Za-z0-9_-]{43}$`), 'issued in base64url without padding');

    const withIssued = await request(`${running.target.url}/get-session`, { headers: { authorization: `Bearer ${issued}` } });
    assert.is(((await withIssued.body.json()) as { session: { token: string } }).session.token, token);

    const standard = `${token}.${Buffer.from(issued.split('.')[1]!, 'base64url').toString('base64')}`;
    const withStandard = await request(`${running.target.url}/get-session`, { headers: { authorization: `Bearer ${standard}` } });
    assert.is(((await withStandard.body.json()) as { session: { token: string } }).session.token, token, "better-auth's spelling of the same HMAC is accepted too");

    const forged = `${token}.${'A'.repeat(43)}`;
    const withForged = await request(`${running.target.url}/get-session`, { headers: { authorization: `Bearer ${forged}` } });
    assert.is(await withForged.body.text(), 'null', 'a signature in its spelling that does not verify is refused');
  } finally {
    await running.close();
  }
});

test.run();
