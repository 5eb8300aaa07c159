// Issue 18: the optional better-auth profile and a declared session update age are needs like the
// secret: a scenario that judges them runs only on a target that declares them, and its skip says
// how to declare them.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULT_ORIGIN, type Target } from '../../conformance/model/target.js';
import { unmetNeeds } from '../../conformance/plan/needs.js';
import { resolveTarget } from '../../conformance/plan/target.js';

const base: Target = { name: 't', url: 'http://127.0.0.1:9/api/auth', requireSignature: false, origin: DEFAULT_ORIGIN };

test('profile and session_update_age needs are met only by a target that declares them, and say how', () => {
  const [profile, age] = unmetNeeds(base, { profile: 'better-auth', session_update_age: true });
  assert.match(profile!, /does not declare it \(give --profile better-auth, or profiles: \[better-auth\] in a target file\)/);
  assert.match(age!, /give --session-update-age <seconds>/);
  assert.equal(unmetNeeds({ ...base, profiles: ['better-auth'], sessionUpdateAge: 0 }, { profile: 'better-auth', session_update_age: true }), []);
});

test('--profile takes the profiles of the spec only, once each; --session-update-age reaches the target', async () => {
  const target = await resolveTarget({ url: base.url, profiles: ['better-auth', 'better-auth'], sessionUpdateAge: 0 });
  assert.equal(target.profiles, ['better-auth']);
  assert.is(target.sessionUpdateAge, 0);
  const error = await resolveTarget({ url: base.url, profiles: ['wire'] }).then(() => undefined, (e: unknown) => e as Error);
  assert.match(error?.message ?? '', /--profile "wire" is not a profile of the spec; the one a target declares is better-auth/);
});

test.run();
