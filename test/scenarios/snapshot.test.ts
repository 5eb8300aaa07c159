// The build-time snapshot of the bundled suite (conformance/suite/snapshot.ts) answers exactly what
// parsing the YAML answers, and an edited file, schema or registry is parsed again rather than taken
// from it: the snapshot can make a run faster, never different.
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SCENARIO_DIR } from './bundled.js';
import { yamlFiles } from '../../conformance/suite/files.js';
import { loadScenarios } from '../../conformance/suite/load.js';
import { parseScenarioFile } from '../../conformance/suite/parse.js';
import { loadRegistry } from '../../conformance/suite/registry.js';
import { checkedWith, snapshotRegistry, snapshotScenarios } from '../../conformance/suite/snapshot.js';
import { specFile } from '../../conformance/suite/spec-files.js';
import { buildSnapshot, moduleText, SNAPSHOT_FILE } from '../../scripts/codegen/suite-snapshot.js';

test('the generated snapshot is the one the files on disk give (rebuilt by npm run build)', async () => {
  const { data, problems } = await buildSnapshot();
  assert.equal(problems, []);
  assert.is(await readFile(SNAPSHOT_FILE, 'utf8'), moduleText(data), 'run npm run build');
});

test('every bundled file comes from the snapshot exactly as parsing it gives', async () => {
  const registry = await loadRegistry();
  const lookup = new Map(registry.requirements.map((r) => [r.id, { withdrawn: r.withdrawn === true }]));
  const context = checkedWith(await readFile(specFile('scenario.schema.json'), 'utf8'), registry.requirements);
  const files = await yamlFiles(SCENARIO_DIR);
  assert.ok(files.length > 5);
  for (const file of files) {
    const text = await readFile(file, 'utf8');
    const parsed = parseScenarioFile(text, 'f.yaml', lookup);
    assert.equal(parsed.errors, []);
    assert.equal(await snapshotScenarios(text, context, 'f.yaml'), parsed.scenarios, file);
  }
});

test('the registry comes from the snapshot as the YAML gives it, and an edited registry misses it', async () => {
  const text = await readFile(specFile('requirements.yaml'), 'utf8');
  const known = await snapshotRegistry(text);
  assert.ok(known);
  const dir = await mkdtemp(join(tmpdir(), 'snapshot-'));
  // The same requirements, spelt differently: parsed, not taken from the snapshot.
  const edited = join(dir, 'requirements.yaml');
  await writeFile(edited, `${text}\n# an edit\n`);
  assert.is(await snapshotRegistry(await readFile(edited, 'utf8')), undefined);
  const parsed = await loadRegistry(edited);
  assert.equal({ ...parsed, positions: [...parsed.positions] }, known);
});

test('an edited scenario file is parsed again: its change and its problems show, at their lines', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'snapshot-'));
  await cp(SCENARIO_DIR, dir, { recursive: true });
  const file = join(dir, 'precedence.yaml');
  const text = await readFile(file, 'utf8');
  const before = await loadScenarios([file]);
  assert.equal(before.errors, []);
  const first = before.scenarios[0]!;
  // A new title for the first scenario, and a line pushed down: both must show.
  const edited = `# an edit\n${text.replace(`title: ${first.title}`, 'title: An edited title')}`;
  assert.is.not(edited, `# an edit\n${text}`, 'the first title is written plainly in the file');
  await writeFile(file, edited);
  const after = await loadScenarios([file]);
  assert.equal(after.errors, []);
  assert.is(after.scenarios[0]!.title, 'An edited title');
  assert.is(after.scenarios[0]!.line, first.line + 1);
  await writeFile(file, `${edited}  - id: 7\n`);
  const broken = await loadScenarios([file]);
  assert.ok(broken.errors.length > 0);
  assert.ok(broken.errors.every((e) => e.file.endsWith('precedence.yaml') && e.line > 1));
});

test('scenarios checked against other requirement IDs miss the snapshot', async () => {
  const text = await readFile(join(SCENARIO_DIR, 'precedence.yaml'), 'utf8');
  const schema = await readFile(specFile('scenario.schema.json'), 'utf8');
  const registry = await loadRegistry();
  assert.ok(await snapshotScenarios(text, checkedWith(schema, registry.requirements), 'p.yaml'));
  assert.is(await snapshotScenarios(text, checkedWith(schema, registry.requirements.slice(1)), 'p.yaml'), undefined);
  assert.is(await snapshotScenarios(text, checkedWith(`${schema} `, registry.requirements), 'p.yaml'), undefined);
});

test.run();
