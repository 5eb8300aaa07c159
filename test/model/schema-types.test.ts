// conformance/model/schema-types.ts is generated from spec/scenario.schema.json; this fails when they drift.
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { generateTypes, TYPES_FILE } from '../../scripts/codegen/gen-types.js';

test('the committed schema types equal those generated from the schema now', async () => {
  const committed = readFileSync(TYPES_FILE, 'utf8');
  const generated = await generateTypes();
  assert.ok(generated.includes('export interface ScenarioFile'), 'the generator produced no ScenarioFile type');
  assert.is(committed, generated, 'conformance/model/schema-types.ts is stale: run `npm run build && npm run gen:types` and commit it');
});

test.run();
