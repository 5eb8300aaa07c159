// Readers for the JUnit and TAP outputs, strict enough to refuse what a CI server would choke on:
// a small XML 1.0 well-formedness checker that returns a tree, and a TAP 14 reader.
import * as assert from 'uvu/assert';
import { parse as parseYaml } from 'yaml';

export interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
}

const NAME = /^[A-Za-z_][\w.-]*$/;
const VALID_CHARS = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;

function decode(raw: string, where: string): string {
  if (raw.includes('<')) throw new Error(`'<' in ${where}`);
  return raw.replace(/&([^;]*);?/g, (m, ref: string) => {
    if (!m.endsWith(';')) throw new Error(`bare & in ${where}`);
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (ref in named) return named[ref]!;
    const n = /^#x([0-9a-fA-F]+)$/.exec(ref)?.[1] ?? /^#([0-9]+)$/.exec(ref)?.[1];
    if (n === undefined) throw new Error(`unknown entity &${ref}; in ${where}`);
    return String.fromCodePoint(parseInt(n, ref.startsWith('#x') ? 16 : 10));
  });
}

/** Parses a document, throwing on anything that is not well-formed XML 1.0 (without DTDs). */
export function parseXml(doc: string): XmlNode {
  if (!VALID_CHARS.test(doc)) throw new Error('a character XML 1.0 cannot hold');
  if (!doc.startsWith('<?xml version="1.0" encoding="UTF-8"?>')) throw new Error('no XML declaration');
  let i = doc.indexOf('?>') + 2;
  const root: XmlNode = { name: '#document', attrs: {}, children: [], text: '' };
  const stack = [root];
  while (i < doc.length) {
    const lt = doc.indexOf('<', i);
    const text = doc.slice(i, lt < 0 ? doc.length : lt);
    if (text.includes(']]>')) throw new Error("']]>' in text");
    const top = stack[stack.length - 1]!;
    if (stack.length === 1 && text.trim()) throw new Error('text outside the root element');
    top.text += decode(text, `text of <${top.name}>`);
    if (lt < 0) break;
    if (doc.startsWith('<!--', lt)) {
      i = doc.indexOf('-->', lt) + 3;
      continue;
    }
    const gt = doc.indexOf('>', lt);
    if (gt < 0) throw new Error('unclosed tag');
    const tag = doc.slice(lt + 1, gt);
    i = gt + 1;
    if (tag.startsWith('/')) {
      const node = stack.pop()!;
      if (node.name !== tag.slice(1)) throw new Error(`</${tag.slice(1)}> closes <${node.name}>`);
      continue;
    }
    const selfClosing = tag.endsWith('/');
    const m = /^([^\s/>]+)((?:\s+[^\s=]+="[^"]*")*)\s*\/?$/.exec(tag);
    if (!m || !NAME.test(m[1]!)) throw new Error(`malformed tag <${tag}>`);
    const node: XmlNode = { name: m[1]!, attrs: {}, children: [], text: '' };
    for (const [, k, v] of m[2]!.matchAll(/\s+([^\s=]+)="([^"]*)"/g)) {
      if (!NAME.test(k!) || k! in node.attrs) throw new Error(`bad or repeated attribute ${k}`);
      node.attrs[k!] = decode(v!, `attribute ${k}`);
    }
    if (stack.length === 1 && root.children.length) throw new Error('two root elements');
    top.children.push(node);
    if (!selfClosing) stack.push(node);
  }
  if (stack.length !== 1) throw new Error(`<${stack[stack.length - 1]!.name}> is never closed`);
  return root.children[0]!;
}

export const all = (node: XmlNode, name: string): XmlNode[] => [...(node.name === name ? [node] : []), ...node.children.flatMap((c) => all(c, name))];

/** TAP 14 read back: version, plan, numbered test points, YAML blocks that parse. */
export function parseTap(text: string): { plan: number; points: { ok: boolean; n: number; description: string; directive?: string; yaml?: Record<string, unknown> }[] } {
  const lines = text.trimEnd().split('\n');
  assert.is(lines[0], 'TAP version 14');
  let plan = -1;
  const points: ReturnType<typeof parseTap>['points'] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('#')) continue;
    const p = /^1\.\.(\d+)$/.exec(line);
    if (p) {
      plan = Number(p[1]);
      continue;
    }
    const m = /^(not ok|ok) (\d+) - ((?:[^#\\]|\\.)*?)(?: # (SKIP|TODO)\b ?(.*))?$/.exec(line);
    assert.ok(m, `not a TAP line: ${JSON.stringify(line)}`);
    const point: (typeof points)[number] = { ok: m![1] === 'ok', n: Number(m![2]), description: m![3]! };
    if (m![4]) point.directive = `${m![4]} ${m![5]}`;
    if (lines[i + 1] === '  ---') {
      const end = lines.indexOf('  ...', i + 2);
      assert.ok(end > i, 'an unterminated YAML block');
      const block = lines.slice(i + 2, end);
      assert.ok(block.every((l) => l.startsWith('  ')), 'YAML lines are indented under the test point');
      point.yaml = parseYaml(block.map((l) => l.slice(2)).join('\n')) as Record<string, unknown>;
      i = end;
    }
    points.push(point);
  }
  return { plan, points };
}

