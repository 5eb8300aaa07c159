// Reading spec/requirements.yaml, the registry every scenario's requirement IDs are checked against:
// the one reader, for the run, the loader and lint (which also points at each requirement's line).
import { readFile } from 'node:fs/promises';
import { snapshotRegistry } from './snapshot.js';
import { specFile } from './spec-files.js';
import { yamlLibrary } from './yaml-library.js';
import type { Registry, Requirement } from '../model/requirements.js';

interface RegistryFile extends Registry {
  /** Where each requirement's id is written, 1-based. */
  positions: ReadonlyMap<string, { line: number; col: number }>;
}

/** Throws when the file cannot be read, is not YAML, or has no `requirements` list. */
export async function loadRegistry(file = specFile('requirements.yaml')): Promise<RegistryFile> {
  const text = await readFile(file, 'utf8');
  const known = await snapshotRegistry(text);
  if (known) return { specVersion: known.specVersion, sections: known.sections, requirements: known.requirements, positions: new Map(known.positions) };
  const { isMap, isScalar, isSeq, LineCounter, parseDocument } = yamlLibrary();
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  if (doc.errors.length) throw doc.errors[0]!;
  const data = doc.toJS() as { spec_version?: unknown; sections?: { id: string; title: string }[]; requirements?: Requirement[] } | null;
  if (!Array.isArray(data?.requirements)) throw new Error("it has no 'requirements' list");
  const positions = new Map<string, { line: number; col: number }>();
  const list = doc.get('requirements', true);
  if (isSeq(list)) {
    for (const item of list.items) {
      const id = isMap(item) ? item.get('id', true) : undefined;
      if (isScalar(id) && id.range) positions.set(String(id.value), lines.linePos(id.range[0]));
    }
  }
  return { specVersion: String(data.spec_version), sections: data.sections ?? [], requirements: data.requirements, positions };
}
