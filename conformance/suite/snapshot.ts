// Speed only: the bundled scenario files and requirement registry as the build parsed and validated
// them (scripts/codegen/precompile.ts writes dist/conformance/suite/suite-snapshot.js), so a run
// reads and hashes the YAML files instead of parsing and validating them at every start. Each entry is
// keyed by a SHA-256 of the text it came from, and the scenario entries also by the schema and the
// requirement IDs they were checked against: an edited file, schema or registry misses the snapshot
// and is parsed as before (parse.ts). Without the generated module (a bare `tsc`), everything misses.
import { createHash } from 'node:crypto';
import type { Requirement } from '../model/requirements.js';
import type { ParsedScenario } from './parse.js';

/** What the generated module holds; each value is JSON text, parsed only when its file is loaded. */
export interface SnapshotData {
  /** Hash of the scenario schema and the requirement IDs (with withdrawn flags) the scenarios were checked against. */
  checkedWith: string;
  /** Hash of a scenario file's text → ParsedScenario[] (the `file` field left empty). */
  scenarios: Record<string, string>;
  /** Hash of a registry file's text → SnapshotRegistry. */
  registries: Record<string, string>;
}

/** A registry file as read, positions as pairs. */
export interface SnapshotRegistry {
  specVersion: string;
  sections: { id: string; title: string }[];
  requirements: Requirement[];
  positions: [string, { line: number; col: number }][];
}

export const SNAPSHOT_MODULE = 'suite-snapshot.js';

let data: Promise<SnapshotData | undefined> | undefined;

function snapshot(): Promise<SnapshotData | undefined> {
  data ??= import(new URL(`./${SNAPSHOT_MODULE}`, import.meta.url).href).then(
    (m: { snapshot: SnapshotData }) => m.snapshot,
    () => undefined,
  );
  return data;
}

export function hashOf(...texts: string[]): string {
  const hash = createHash('sha256');
  for (const t of texts) hash.update(t).update('\0');
  return hash.digest('hex');
}

/** The key of the validation context: the scenario schema's text and the registry's IDs. */
export function checkedWith(schemaText: string, requirements: { id: string; withdrawn?: boolean }[]): string {
  return hashOf(schemaText, JSON.stringify(requirements.map((r) => [r.id, r.withdrawn === true])));
}

/** The scenarios of a file's text as the build loaded them, or undefined when the snapshot does not hold them. */
export async function snapshotScenarios(text: string, context: string, file: string): Promise<ParsedScenario[] | undefined> {
  const s = await snapshot();
  const entry = s && s.checkedWith === context ? s.scenarios[hashOf(text)] : undefined;
  if (entry === undefined) return undefined;
  const parsed = JSON.parse(entry) as ParsedScenario[];
  for (const p of parsed) p.scenario.file = file;
  return parsed;
}

/** A registry file's contents as the build read them, or undefined. */
export async function snapshotRegistry(text: string): Promise<SnapshotRegistry | undefined> {
  const entry = (await snapshot())?.registries[hashOf(text)];
  return entry === undefined ? undefined : (JSON.parse(entry) as SnapshotRegistry);
}
