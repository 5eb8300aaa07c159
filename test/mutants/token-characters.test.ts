// Issue 11, symptom 3 (owner decision 14): a server whose bug depends on the characters of a token gets
// the same report on every run. Five runs of the whole bundled suite against each such mutant give
// identical results once times and names are set aside, and each fails exactly the requirement it
// breaks.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ScenarioResult } from '../../conformance/model/result.js';
import { loadBundledSuite } from '../../fixtures/mutants/bundled-suite.js';
import { tokenCharacterMutants } from '../../fixtures/mutants/areas/token-characters.js';
import { runSubject, MUTANTS_PASSWORD_HASH_COST } from '../../fixtures/mutants/suite.js';
import { PROFILE_CONFIGURATIONS } from '../../fixtures/mutants/servers.js';

const RUNS = 5;

/** What a report says about a scenario, without times, names, tokens or exchanges. */
function verdictOf(r: ScenarioResult) {
  return {
    id: r.id,
    target: r.target,
    status: r.status,
    passed: r.passed,
    failures: r.failures.map((f) => ({ step: f.step, check: f.check, requirements: f.requirements, context: f.context ?? [] })),
    reason: r.reason ?? null,
  };
}

for (const mutant of tokenCharacterMutants) {
  test(`${mutant.id}: ${RUNS} runs give the same report, failing only ${mutant.breaks}`, async () => {
    const scenarios = await loadBundledSuite();
    const reports: ReturnType<typeof verdictOf>[][] = [];
    for (let i = 0; i < RUNS; i++) {
      const outcome = await runSubject(mutant, scenarios, { passwordHashCost: MUTANTS_PASSWORD_HASH_COST }, [PROFILE_CONFIGURATIONS.permissive]);
      assert.is(outcome.error, undefined);
      reports.push(outcome.results.map(verdictOf));
    }
    for (let i = 1; i < RUNS; i++) assert.equal(reports[i], reports[0], `run ${i + 1} differs from run 1`);
    const failed = [...new Set(reports[0]!.flatMap((r) => r.failures.flatMap((f) => f.requirements)))];
    assert.equal(failed, [mutant.breaks]);
  });
}

test.run();
