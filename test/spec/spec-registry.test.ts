// spec/SPEC.md and spec/requirements.yaml state the same requirements: same IDs, levels, profiles,
// sections, titles, normative text and rationale (whitespace normalised), and SPEC.md cites no ID
// the registry does not define.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { specPath } from './paths.js';

interface Requirement {
  id: string;
  level: string;
  section: string;
  title: string;
  text: string;
  rationale: string;
  profile?: string;
  withdrawn?: boolean;
}
interface Registry {
  spec_version: string;
  sections: { id: string; title: string }[];
  requirements: Requirement[];
}

/** A requirement as SPEC.md renders it. */
interface Block {
  id: string;
  title: string;
  level: string;
  profile?: string;
  withdrawn: boolean;
  text: string;
  rationale: string;
  section: string | undefined; // the SECTION id of the enclosing "## n. Title (ID)" heading
  line: number;
}

const ID_PATTERN = /^BEARER-[A-Z]+-[0-9]+$/;
const LEVELS = ['MUST', 'MUST NOT', 'SHOULD', 'SHOULD NOT', 'MAY'];
const norm = (s: string): string => s.replace(/\s+/g, ' ').trim();

const registry = parse(readFileSync(specPath('requirements.yaml'), 'utf8')) as Registry;
const specText = readFileSync(specPath('SPEC.md'), 'utf8');
const specLines = specText.split('\n');

/** Section headings of SPEC.md that name a registry section: "## 7. Signed and unsigned tokens (SIG)". */
function sectionHeadings(): Map<string, string> {
  const found = new Map<string, string>();
  for (const line of specLines) {
    const m = /^## \d+\. (.+) \(([A-Z]+)\)$/.exec(line);
    if (m) found.set(m[2]!, m[1]!);
  }
  return found;
}

/** Requirement blocks: "### ID · title", a Level line, a quotation (the text), a Rationale paragraph. */
function blocks(): Block[] {
  const out: Block[] = [];
  let section: string | undefined;
  for (let i = 0; i < specLines.length; i++) {
    const line = specLines[i]!;
    const sec = /^## .*\(([A-Z]+)\)$/.exec(line);
    if (/^## /.test(line)) section = sec ? sec[1] : undefined;
    const head = /^### (BEARER-\S+) · (.+)$/.exec(line);
    if (!head) continue;
    const body: string[] = [];
    for (let j = i + 1; j < specLines.length && !/^#{1,3} /.test(specLines[j]!); j++) body.push(specLines[j]!);
    const levelLine = body.find((l) => l.startsWith('Level: ')) ?? '';
    const lm = /^Level: \*\*([A-Z ]+)\*\*((?: · [A-Za-z]+(?:: [a-z-]+)?)*)$/.exec(levelLine);
    const extras = lm ? lm[2]!.split(' · ').filter(Boolean) : [];
    const profile = extras.find((e) => e.startsWith('Profile: '))?.slice('Profile: '.length);
    const ratStart = body.findIndex((l) => l.startsWith('Rationale: '));
    const rationale: string[] = [];
    for (let k = ratStart; ratStart >= 0 && k < body.length && body[k]!.trim() !== ''; k++) rationale.push(body[k]!);
    out.push({
      id: head[1]!,
      title: head[2]!,
      level: lm ? lm[1]! : `(unreadable level line: ${JSON.stringify(levelLine)})`,
      ...(profile ? { profile } : {}),
      withdrawn: extras.includes('Withdrawn'),
      text: body.filter((l) => l.startsWith('>')).map((l) => l.replace(/^> ?/, '')).join(' '),
      rationale: rationale.join(' ').replace(/^Rationale: /, ''),
      section,
      line: i + 1,
    });
  }
  return out;
}

const specBlocks = blocks();
const byId = new Map(registry.requirements.map((r) => [r.id, r]));

test('the registry: well-formed spec_version, sections and requirements', () => {
  assert.match(registry.spec_version, /^\d+\.\d+\.\d+$/);
  const sectionIds = registry.sections.map((s) => s.id);
  assert.is(new Set(sectionIds).size, sectionIds.length, 'section ids are unique');
  assert.ok(registry.requirements.length > 0);
  for (const r of registry.requirements) {
    assert.match(r.id, ID_PATTERN, `${r.id}: ID format`);
    assert.ok(LEVELS.includes(r.level), `${r.id}: level ${r.level} is an RFC 2119 level`);
    assert.ok(sectionIds.includes(r.section), `${r.id}: section ${r.section} is declared`);
    assert.ok(r.id.startsWith(`BEARER-${r.section}-`), `${r.id}: the ID names its section ${r.section}`);
    for (const key of ['title', 'text', 'rationale'] as const) {
      assert.ok(typeof r[key] === 'string' && r[key].trim() !== '', `${r.id}: ${key} is a non-empty string`);
    }
  }
});

test('requirement IDs are unique', () => {
  const ids = registry.requirements.map((r) => r.id);
  const dupes = ids.filter((id, i) => ids.indexOf(id) !== i);
  assert.equal(dupes, [], `repeated IDs: ${dupes.join(', ')}`);
});

test('SPEC.md states the registry spec_version', () => {
  const m = /^Spec version: \*\*([^*]+)\*\*/m.exec(specText);
  assert.ok(m, 'SPEC.md has a "Spec version: **x.y.z**" line');
  assert.is(m![1], registry.spec_version);
});

test("every registry section has its SPEC.md section, with the registry's title", () => {
  const headings = sectionHeadings();
  for (const s of registry.sections) {
    assert.ok(headings.has(s.id), `SPEC.md lacks a "## n. ${s.title} (${s.id})" heading`);
    assert.is(headings.get(s.id), s.title, `title of section ${s.id}`);
  }
  for (const id of headings.keys()) assert.ok(registry.sections.some((s) => s.id === id), `SPEC.md section (${id}) is not in the registry`);
});

test('every requirement appears exactly once in SPEC.md, in its own section', () => {
  for (const r of registry.requirements) {
    const found = specBlocks.filter((b) => b.id === r.id);
    assert.is(found.length, 1, `${r.id}: ${found.length} blocks in SPEC.md`);
    assert.is(found[0]!.section, r.section, `${r.id} (SPEC.md line ${found[0]!.line}) sits in section ${found[0]!.section}`);
  }
  for (const b of specBlocks) assert.ok(byId.has(b.id), `SPEC.md line ${b.line}: ${b.id} is not in the registry`);
});

test('SPEC.md renders each requirement with the same level, profile, title, text and rationale', () => {
  for (const b of specBlocks) {
    const r = byId.get(b.id);
    if (!r) continue; // reported by the previous test
    const where = `${b.id} (SPEC.md line ${b.line})`;
    assert.is(b.level, r.level, `${where}: level`);
    assert.is(b.profile, r.profile, `${where}: profile`);
    assert.is(b.withdrawn, r.withdrawn === true, `${where}: withdrawn`);
    assert.is(norm(b.title), norm(r.title), `${where}: title`);
    assert.is(norm(b.text), norm(r.text), `${where}: normative text`);
    assert.is(norm(b.rationale), norm(r.rationale), `${where}: rationale`);
  }
});

test('SPEC.md cites no unknown requirement ID', () => {
  const cited = new Set(specText.match(/BEARER-[A-Z]+-[0-9]+/g) ?? []);
  const unknown = [...cited].filter((id) => !byId.has(id));
  assert.equal(unknown, [], `unknown IDs cited: ${unknown.join(', ')}`);
  // Short citations such as "SIG-3" or "(PREC-2)" must name a known requirement too.
  const sections = registry.sections.map((s) => s.id).join('|');
  const shortIds = specText.match(new RegExp(`(?<![A-Z-])(?:${sections})-[0-9]+`, 'g')) ?? [];
  const unknownShort = [...new Set(shortIds)].filter((s) => !byId.has(`BEARER-${s}`));
  assert.equal(unknownShort, [], `unknown short citations: ${unknownShort.join(', ')}`);
});

test("the checklist in SPEC.md's appendix lists every requirement with its level, profile and title", () => {
  const rows = new Map<string, string[]>();
  for (const line of specLines) {
    const m = /^\| (BEARER-[A-Z]+-[0-9]+) \| ([A-Z ]+) \| ([a-z-]*) \| (.+) \|$/.exec(line);
    if (m) rows.set(m[1]!, [m[2]!, m[3]!, m[4]!]);
  }
  for (const r of registry.requirements) {
    assert.equal(rows.get(r.id), [r.level, r.profile ?? '', r.title], `${r.id} in the checklist`);
  }
  assert.is(rows.size, registry.requirements.length, 'no extra checklist rows');
});

test.run();
