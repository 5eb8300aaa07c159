// Build step (npm run build, after tsc): writes dist/conformance/suite/suite-snapshot.js, the bundled
// scenario files and the requirement registry parsed and validated once (conformance/suite/snapshot.ts
// says how a run uses it). Only files without a problem go in; anything else is parsed at run time
// and reported there as before.
import { isDeepStrictEqual } from 'node:util';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundledScenarios, yamlFiles } from '../../conformance/suite/files.js';
import { parseScenarioFile } from '../../conformance/suite/parse.js';
import { loadRegistry } from '../../conformance/suite/registry.js';
import { checkedWith, hashOf, SNAPSHOT_MODULE, type SnapshotData, type SnapshotRegistry } from '../../conformance/suite/snapshot.js';
import { specFile } from '../../conformance/suite/spec-files.js';

export const SNAPSHOT_FILE = fileURLToPath(new URL(`../../conformance/suite/${SNAPSHOT_MODULE}`, import.meta.url));

/** The snapshot of the files as they are on disk now; `problems` names each file left out and why. */
export async function buildSnapshot(): Promise<{ data: SnapshotData; problems: string[] }> {
  const problems: string[] = [];
  const registryFile = specFile('requirements.yaml');
  const registryText = await readFile(registryFile, 'utf8');
  const registry = await loadRegistry(registryFile);
  const entry: SnapshotRegistry = { specVersion: registry.specVersion, sections: registry.sections, requirements: registry.requirements, positions: [...registry.positions] };
  const lookup = new Map(registry.requirements.map((r) => [r.id, { withdrawn: r.withdrawn === true }]));
  const data: SnapshotData = {
    checkedWith: checkedWith(await readFile(specFile('scenario.schema.json'), 'utf8'), registry.requirements),
    scenarios: {},
    registries: { [hashOf(registryText)]: JSON.stringify(entry) },
  };
  for (const file of await yamlFiles(bundledScenarios())) {
    const text = await readFile(file, 'utf8');
    const { scenarios, errors } = parseScenarioFile(text, '', lookup);
    if (errors.length) {
      problems.push(`${file}: ${errors.length} problem(s); left out, so a run reports them`);
      continue;
    }
    // Only what JSON carries unchanged (YAML could hold values it does not).
    const json = JSON.stringify(scenarios);
    if (!isDeepStrictEqual(JSON.parse(json), scenarios)) {
      problems.push(`${file}: holds values JSON does not carry unchanged; left out`);
      continue;
    }
    data.scenarios[hashOf(text)] = json;
  }
  return { data, problems };
}

export function moduleText(data: SnapshotData): string {
  return `// Generated at build time by scripts/codegen/suite-snapshot.ts; read by conformance/suite/snapshot.ts.\nexport const snapshot = ${JSON.stringify(data)};\n`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // The previous build's snapshot must not answer for the files it is rebuilt from.
  await rm(SNAPSHOT_FILE, { force: true });
  const { data, problems } = await buildSnapshot();
  for (const p of problems) process.stderr.write(`suite-snapshot: ${p}\n`);
  await writeFile(SNAPSHOT_FILE, moduleText(data));
}
