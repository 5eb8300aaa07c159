// Every mutant definition is well-formed: a unique id, a real requirement it breaks, a one-line
// description, valid profiles; and it builds, starts on 127.0.0.1, answers and stops in each of its
// profiles. The full kill matrix is `npm run mutants`; this is the fast check.
import { readFileSync } from 'node:fs';
import { request } from 'undici';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { packageFile, specFile } from '../../conformance/suite/spec-files.js';
import { loadBundledSuite } from '../../fixtures/mutants/bundled-suite.js';
import { MUTANTS, mutantById, PORT_MUTANTS } from '../../fixtures/mutants/catalog.js';
import { loadControls } from '../../fixtures/mutants/controls.js';
import { ALL_PROFILES, profilesOf } from '../../fixtures/mutants/mutant.js';
import { startSubject } from '../../fixtures/mutants/servers.js';

const registry = parse(readFileSync(specFile('requirements.yaml'), 'utf8')) as { requirements: { id: string; section: string; withdrawn?: boolean }[] };
const requirements = new Map(registry.requirements.filter((r) => !r.withdrawn).map((r) => [r.id, r]));

test('there are at least 24 mutants and their ids are unique, dotted and lowercase', () => {
  assert.ok(MUTANTS.length >= 24, `only ${MUTANTS.length} mutants`);
  const ids = MUTANTS.map((m) => m.id);
  assert.equal(ids.filter((id, i) => ids.indexOf(id) !== i), [], 'duplicate ids');
  for (const id of ids) assert.match(id, /^[a-z]+(\.[a-z0-9]+(-[a-z0-9]+)*)+$/, id);
  assert.is(mutantById(ids[0]!), MUTANTS[0]);
  assert.is(mutantById('no.such-mutant'), undefined);
});

test('each mutant names a requirement of spec/requirements.yaml and describes itself in one line', () => {
  for (const m of MUTANTS) {
    assert.ok(requirements.has(m.breaks), `${m.id} breaks ${m.breaks}, which is not a requirement`);
    assert.ok(m.description.trim().length > 20 && !m.description.includes('\n'), `${m.id}: the description is one line of text`);
    for (const p of profilesOf(m)) assert.ok(ALL_PROFILES.includes(p), `${m.id}: unknown profile ${p}`);
    assert.ok(profilesOf(m).length > 0, `${m.id} runs in no profile`);
  }
});

test('the mutants spread over every section of the spec', () => {
  const sections = new Set(registry.requirements.map((r) => r.section));
  const covered = new Set(MUTANTS.map((m) => requirements.get(m.breaks)!.section));
  assert.equal([...sections].filter((s) => !covered.has(s)), [], 'sections without a mutant');
});

test('at least 30 mutants model port bugs, each naming a pattern of PORT-BUGS.md that names it back', () => {
  const study = readFileSync(packageFile('fixtures/mutants/PORT-BUGS.md'), 'utf8');
  const patterns = new Set([...study.matchAll(/\*\*(PORT-[A-Z0-9]+-\d+) · /g)].map((m) => m[1]));
  assert.ok(PORT_MUTANTS.length >= 30, `only ${PORT_MUTANTS.length} port mutants`);
  for (const m of PORT_MUTANTS) {
    assert.ok(m.id.startsWith('port.'), `${m.id}: port mutants are named port.<concern>.<fault>`);
    assert.ok(m.pattern !== undefined && patterns.has(m.pattern), `${m.id} names pattern ${m.pattern}, which PORT-BUGS.md does not define`);
    assert.ok(study.includes(`\`${m.id}\``), `PORT-BUGS.md does not name the mutant ${m.id}`);
  }
  for (const [, id] of study.matchAll(/built: `(port\.[a-z0-9.-]+)`/g)) assert.ok(mutantById(id!), `PORT-BUGS.md says ${id} is built, but there is no such mutant`);
  for (const m of MUTANTS) if (m.tokenCharacters !== undefined) assert.ok(study.includes(`\`${m.id}\``) && m.tokenCharacters.length > 10, `${m.id}: say which token characters it depends on, in the study too`);
});

test('every mutant builds, starts on 127.0.0.1, answers and stops in each of its profiles', async () => {
  for (const m of MUTANTS) {
    for (const profile of profilesOf(m)) {
      const running = await startSubject(m, profile);
      try {
        const url = new URL(running.target.url);
        assert.is(url.hostname, '127.0.0.1', `${m.id} [${profile}]`);
        assert.is(running.target.requireSignature, profile === 'signed-only');
        const res = await request(running.target.schemaUrl!);
        assert.is(res.statusCode, 200, `${m.id} [${profile}] answers its schema description`);
        await res.body.dump();
      } finally {
        await running.close();
      }
      const after = await request(running.target.schemaUrl!).then(
        (res) => `answered ${res.statusCode}`,
        (error: { code?: string }) => error.code,
      );
      assert.is(after, 'ECONNREFUSED', `${m.id} [${profile}] stopped listening`);
    }
  }
});

test('controls.yaml loads, and every entry names a bundled scenario', async () => {
  const [controls, scenarios] = await Promise.all([loadControls(), loadBundledSuite()]);
  const ids = new Set(scenarios.map((s) => s.id));
  for (const [id, reason] of controls) {
    assert.ok(ids.has(id), `controls.yaml names ${id}, which is no bundled scenario`);
    assert.ok(reason.length > 20, `${id}: give the reason it is a documented control`);
  }
});

test.run();
