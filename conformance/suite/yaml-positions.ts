// Pointing an ajv error at the YAML source it is about, for the target and expectations files
// (scenario files have their own, richer mapping in load.ts).
import type { ErrorObject } from 'ajv';
import { isMap, isScalar, type Document, type Node } from 'yaml';
import type { SourcePosition } from '../model/exit-codes.js';

/** An RFC 6901 pointer as a path for Document#getIn; array indices become numbers. */
export function pointerPath(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
}

/** The node at `path`, or undefined when there is none (or it is not a node with a source range). */
export function nodeAt(doc: Document, path: (string | number)[]): Node | undefined {
  const node = (path.length ? doc.getIn(path, true) : doc.contents) as Node | undefined;
  return node && typeof node === 'object' && 'range' in node ? node : undefined;
}

/** Source offset of the value an ajv error is about; for an unknown field, of the field's key; for a missing value, of its parent. */
export function errorOffset(doc: Document, e: ErrorObject): number {
  const path = pointerPath(e.instancePath);
  const node = nodeAt(doc, path);
  if (e.keyword === 'additionalProperties' && node && isMap(node)) {
    const name = (e.params as { additionalProperty: string }).additionalProperty;
    const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === name);
    if (pair && isScalar(pair.key) && pair.key.range) return pair.key.range[0];
  }
  if (node?.range) return node.range[0];
  return (path.length > 0 ? nodeAt(doc, path.slice(0, -1))?.range?.[0] : undefined) ?? 0;
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
