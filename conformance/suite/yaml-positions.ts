// Pointing at the YAML source a problem is about: the one locator of the scenario, target and
// expectations files and of lint, from a path into the data (or an ajv error) to a source offset.
import type { ErrorObject } from 'ajv';
import type { Document, Node } from 'yaml';
import type { SourcePosition } from '../model/exit-codes.js';
import { yamlLibrary } from './yaml-library.js';

/** An RFC 6901 pointer as a path for Document#getIn; array indices become numbers. */
export function pointerPath(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
}

/** Source offset of the value an ajv error is about; for an unknown field, of the field's key; for a missing value, of its parent. */
export function errorOffset(doc: Document, e: ErrorObject): number {
  const path = pointerPath(e.instancePath);
  if (e.keyword === 'additionalProperties') return offsetOf(doc, [...path, (e.params as { additionalProperty: string }).additionalProperty], true);
  return offsetOf(doc, path);
}

/** Offset of the node at `path` (or of its key), falling back to the deepest node that exists. */
export function offsetOf(doc: Document, path: (string | number)[], onKey = false): number {
  const { isMap, isPair, isScalar, isSeq } = yamlLibrary();
  let node: unknown = doc.contents;
  let offset = rangeStart(node) ?? 0;
  for (const [i, seg] of path.entries()) {
    let next: unknown;
    let keyNode: unknown;
    if (isMap(node)) {
      const pair = node.items.find((it) => isPair(it) && (isScalar(it.key) ? it.key.value : it.key) === seg);
      next = pair?.value;
      keyNode = pair?.key;
    } else if (isSeq(node) && typeof seg === 'number') {
      next = node.items[seg];
    }
    if (onKey && i === path.length - 1 && keyNode !== undefined) return rangeStart(keyNode) ?? offset;
    if (next === undefined || next === null) {
      return rangeStart(keyNode) ?? offset;
    }
    node = next;
    offset = rangeStart(node) ?? offset;
  }
  return offset;
}

function rangeStart(node: unknown): number | undefined {
  return (node as Node | undefined)?.range?.[0];
}

/** The problems without repeats (ajv reports some twice, once per failing branch). */
export function dedupe(problems: SourcePosition[]): SourcePosition[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.line}:${p.col}:${p.message}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

/** What a YAML value is, in the words of the error messages. */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  return typeof value === 'object' ? 'mapping' : typeof value;
}
