// The runner's own loader accepts every bundled scenario file: no schema or semantic error, and
// every scenario of every file comes through.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { bundledScenarios, SCENARIO_DIR } from './bundled.js';
import { loadScenarios } from '../../conformance/suite/load.js';
import { formatPosition } from '../../conformance/model/exit-codes.js';

test('the runner loads every bundled scenario without an error', async () => {
  const { scenarios, errors } = await loadScenarios([SCENARIO_DIR]);
  assert.equal(errors.map(formatPosition), []);
  const expected = bundledScenarios().map((s) => s.id);
  assert.ok(expected.length > 100, `expected the bundled scenarios, found ${expected.length}`);
  assert.equal(scenarios.map((s) => s.id).sort(), [...expected].sort());
});

test.run();
