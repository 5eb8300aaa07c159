// Judging repeated runs of a mutant: killed every run, on its requirement every run, with the same
// failing requirements every run; token-dependent mutants reported apart and never fail the check.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Kill, MutantVerdict } from '../../fixtures/mutants/matrix.js';
import { judgeStability, stabilityText } from '../../fixtures/mutants/stability.js';

function verdict(kills: Kill[], breaks = 'BEARER-SPELL-1'): MutantVerdict {
  return {
    id: 'port.decode.form-decoding',
    breaks,
    description: 'd',
    status: kills.length ? 'killed' : 'survived',
    kills,
    errors: [],
    killedOnItsRequirement: kills.some((k) => k.requirements.includes(breaks)),
    failed: [...new Set(kills.flatMap((k) => k.requirements))].sort(),
    declared: [breaks],
    serverErrorsLogged: 0,
    durationMs: 1,
  };
}

const kill = (scenario: string, ...requirements: string[]): Kill => ({ scenario, profiles: ['permissive'], requirements, checks: ['session_of'] });

test('five identical kills are deterministic, whatever order the requirements come in', () => {
  const runs = [1, 2, 3, 4, 5].map(() => verdict([kill('spell.decoded.sign-up', 'BEARER-SPELL-1', 'BEARER-SIG-1')]));
  runs[2] = verdict([kill('spell.decoded.sign-up', 'BEARER-SIG-1', 'BEARER-SPELL-1')]);
  const s = judgeStability(runs);
  assert.is(s.deterministic, true);
  assert.is(s.kills, 5);
  assert.equal(s.requirementsPerRun[0], ['BEARER-SIG-1', 'BEARER-SPELL-1']);
});

test('a run without a kill, a kill on other requirements, or other requirements in one run are not deterministic', () => {
  const good = () => verdict([kill('a', 'BEARER-SPELL-1')]);
  assert.is(judgeStability([good(), good(), verdict([])]).deterministic, false);
  assert.is(judgeStability([good(), verdict([kill('a', 'BEARER-SIG-1')])]).killsOnItsRequirement, 1);
  const moreInOne = judgeStability([good(), verdict([kill('a', 'BEARER-SPELL-1'), kill('b', 'BEARER-PREC-4')])]);
  assert.is(moreInOne.sameRequirements, false);
  assert.is(moreInOne.deterministic, false);
});

test('other scenarios with the same requirements are still deterministic, and say so', () => {
  const s = judgeStability([verdict([kill('a', 'BEARER-SPELL-1')]), verdict([kill('b', 'BEARER-SPELL-1')])]);
  assert.is(s.deterministic, true);
  assert.is(s.sameScenarios, false);
});

test('the text fails on an unstable mutant, not on a token-dependent one', () => {
  const unstable = judgeStability([verdict([kill('a', 'BEARER-SPELL-1')]), verdict([])]);
  const tokenDependent = judgeStability([verdict([kill('a', 'BEARER-SPELL-1')]), verdict([])], "a '+' in a signature");
  assert.is(stabilityText([unstable], 10).ok, false);
  const text = stabilityText([tokenDependent], 10);
  assert.is(text.ok, true);
  assert.match(text.text, /TOKEN-DEPENDENT\s+port\.decode\.form-decoding {2}killed 1\/2/);
  assert.match(text.text, /run 1: BEARER-SPELL-1 \| run 2: $/m);
  assert.throws(() => judgeStability([]), /at least one run/);
});

test.run();
