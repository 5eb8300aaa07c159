// Judging a mutants run: killed, survived and broken mutants; the reference held to passing
// everything; scenarios that kill nothing accepted only as documented controls.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ScenarioResult } from '../../conformance/model/result.js';
import { ControlsFileError, loadControls } from '../../fixtures/mutants/controls.js';
import { loadOverBlame, pruneOverBlame } from '../../fixtures/mutants/over-blame.js';
import { matrixText } from '../../fixtures/mutants/matrix-text.js';
import { buildMatrix, judgeMutant, judgeReference } from '../../fixtures/mutants/matrix.js';
import type { Mutant } from '../../fixtures/mutants/mutant.js';
import type { SubjectOutcome } from '../../fixtures/mutants/suite.js';

const mutant: Mutant = { id: 'area.fault', breaks: 'BEARER-PARSE-1', description: 'A fault for the test.', build: () => ({}) };

function result(id: string, target: string, status: ScenarioResult['status'], requirements: string[] = [], check = 'status'): ScenarioResult {
  const failure = { step: 0, stepName: 's', requirements, check, message: 'm', file: 'x.yaml', line: 2 };
  return {
    failures: status === 'fail' ? [failure] : [],
    id,
    title: id,
    file: 'x.yaml',
    line: 1,
    target,
    status,
    requirements,
    passed: [],
    durationMs: 1,
    exchanges: [],
    ...(status === 'fail' ? { failure } : {}),
    ...(status === 'error' ? { reason: 'connection reset' } : {}),
  } as ScenarioResult;
}

const outcome = (subject: string, results: ScenarioResult[], extra: Partial<SubjectOutcome> = {}): SubjectOutcome => ({
  subject,
  results,
  serverErrors: [],
  durationMs: 5,
  ...extra,
});

test('a mutant is killed by the scenarios that fail, merged over profiles', () => {
  const v = judgeMutant(mutant, outcome('area.fault', [
    result('a', 'permissive', 'fail', ['BEARER-PARSE-1']),
    result('a', 'signed-only', 'fail', ['BEARER-SIG-1'], 'session_of'),
    result('b', 'permissive', 'pass'),
  ]));
  assert.is(v.status, 'killed');
  assert.equal(v.kills, [{ scenario: 'a', profiles: ['permissive', 'signed-only'], requirements: ['BEARER-PARSE-1', 'BEARER-SIG-1'], checks: ['status', 'session_of'] }]);
  assert.ok(v.killedOnItsRequirement);
});

test('every failure of a killing scenario counts: an invariant and the stopping check', () => {
  const r = result('a', 'permissive', 'fail', ['BEARER-IGN-1'], 'body_null');
  const invariant = { ...r.failure!, requirements: ['BEARER-SURF-7'], check: 'invariant:status-below-500' };
  const v = judgeMutant(mutant, outcome('area.fault', [{ ...r, failures: [invariant, r.failure!], failure: invariant }]));
  assert.equal(v.kills[0]!.requirements, ['BEARER-SURF-7', 'BEARER-IGN-1']);
  assert.equal(v.kills[0]!.checks, ['invariant:status-below-500', 'body_null']);
});

test('a mutant no scenario fails survives; one whose run errs breaks the run', () => {
  assert.is(judgeMutant(mutant, outcome('area.fault', [result('a', 'permissive', 'pass')])).status, 'survived');
  const errored = judgeMutant(mutant, outcome('area.fault', [result('a', 'permissive', 'fail', ['X']), result('b', 'permissive', 'error')]));
  assert.is(errored.status, 'error');
  assert.match(errored.errors[0]!, /b \[permissive\]: connection reset/);
  assert.not.ok(errored.killedOnItsRequirement);
  assert.is(judgeMutant(mutant, outcome('area.fault', [], { error: 'OptionsError: bad' })).status, 'error');
});

test('the reference passes only when every scenario passed in some profile, with no error logged', () => {
  assert.ok(judgeReference(outcome('reference', [result('a', 'permissive', 'pass'), result('b', 'signed-only', 'pass')]), ['a', 'b']).ok);
  const failing = judgeReference(outcome('reference', [result('a', 'permissive', 'fail', ['BEARER-SIG-1'])]), ['a', 'b']);
  assert.not.ok(failing.ok);
  assert.match(failing.problems.join('\n'), /a \[permissive\] ended fail/);
  assert.match(failing.problems.join('\n'), /ran in no profile: b/);
  assert.not.ok(judgeReference(outcome('reference', [result('a', 'permissive', 'pass')], { serverErrors: ['boom'] }), ['a']).ok);
});

test('scenarios that kill nothing must be documented controls, and controls must name real scenarios', () => {
  const reference = judgeReference(outcome('reference', [result('a', 'permissive', 'pass'), result('b', 'permissive', 'pass')]), ['a', 'b']);
  const killedByA = judgeMutant(mutant, outcome('area.fault', [result('a', 'permissive', 'fail', ['BEARER-PARSE-1'])]));
  const input = { reference, mutants: [killedByA], scenarioIds: ['a', 'b'], complete: true };

  const unjustified = buildMatrix({ ...input, controls: new Map() });
  assert.equal(unjustified.unkilling, [{ scenario: 'b', justification: undefined }]);
  assert.not.ok(unjustified.ok);
  assert.match(matrixText(unjustified, { wallTimeMs: 1000, jobs: 1 }), /UNJUSTIFIED b/);

  const justified = buildMatrix({ ...input, controls: new Map([['b', 'a positive control of BEARER-SIG-1']]) });
  assert.ok(justified.ok);

  const unknown = buildMatrix({ ...input, controls: new Map([['b', 'reason'], ['gone', 'reason']]) });
  assert.equal(unknown.unknownControls, ['gone']);
  assert.not.ok(unknown.ok);

  const partial = buildMatrix({ ...input, controls: new Map(), complete: false });
  assert.equal(partial.unkilling, []);
  assert.ok(partial.ok, 'a run of some mutants only does not judge unkilling scenarios');
});

test('a surviving mutant or a failing reference fails the matrix, and the text says so', () => {
  const reference = judgeReference(outcome('reference', [result('a', 'permissive', 'pass')]), ['a']);
  const survivor = judgeMutant(mutant, outcome('area.fault', [result('a', 'permissive', 'pass')]));
  const m = buildMatrix({ reference, mutants: [survivor], scenarioIds: ['a'], controls: new Map([['a', 'documented']]), complete: true });
  assert.not.ok(m.ok);
  const text = matrixText(m, { wallTimeMs: 1500, jobs: 2 });
  assert.match(text, /SURVIVED area\.fault/);
  assert.match(text, /1 survived/);
  assert.match(text, /Wall time 1\.5 s with 2 jobs\. FAILED/);

  const badRef = judgeReference(outcome('reference', [result('a', 'permissive', 'fail', ['X'])]), ['a']);
  const killer = judgeMutant(mutant, outcome('area.fault', [result('a', 'permissive', 'fail', ['X'])]));
  assert.not.ok(buildMatrix({ reference: badRef, mutants: [killer], scenarioIds: ['a'], controls: new Map(), complete: true }).ok);
});

test('controls.yaml problems are reported with file:line:col', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'controls-'));
  try {
    const file = join(dir, 'controls.yaml');
    await writeFile(file, 'controls:\n  parse.trailing.tab: kept because node strips trailing whitespace\n');
    assert.equal([...(await loadControls(file))], [['parse.trailing.tab', 'kept because node strips trailing whitespace']]);
    await writeFile(file, 'controls:\n  parse.trailing.tab: ""\n');
    try {
      await loadControls(file);
      assert.unreachable('an empty reason is refused');
    } catch (error) {
      assert.instance(error, ControlsFileError);
      assert.match((error as Error).message, `${file}:2:3:`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});


test('blame: a mutant must fail exactly what it breaks, plus the over-blame listed for it', () => {
  const reference = judgeReference(outcome('reference', [result('a', 'permissive', 'pass'), result('b', 'permissive', 'pass')]), ['a', 'b']);
  const overBlamed = judgeMutant(mutant, outcome('area.fault', [
    result('a', 'permissive', 'fail', ['BEARER-PARSE-1']),
    result('b', 'permissive', 'fail', ['BEARER-SIG-1']),
  ]));
  assert.equal(overBlamed.failed, ['BEARER-PARSE-1', 'BEARER-SIG-1']);
  const input = { reference, mutants: [overBlamed], scenarioIds: ['a', 'b'], controls: new Map(), complete: true };

  const unlisted = buildMatrix(input);
  assert.not.ok(unlisted.ok);
  assert.equal(unlisted.blame, [{ id: 'area.fault', over: ['BEARER-SIG-1'], missed: [], known: [], exact: false, asListed: false, stale: [] }]);
  assert.match(matrixText(unlisted, { wallTimeMs: 1, jobs: 1 }), /BLAME: the run fails BEARER-SIG-1, which this mutant keeps/);

  const listed = buildMatrix({ ...input, overBlame: new Map([['area.fault', ['BEARER-SIG-1']]]) });
  assert.ok(listed.ok);
  assert.match(matrixText(listed, { wallTimeMs: 1, jobs: 1 }), /Blame: 0 of 1 killed mutants fail exactly the requirements they break; 1 carry over-blame/);

  const exact = judgeMutant(mutant, outcome('area.fault', [result('a', 'permissive', 'fail', ['BEARER-PARSE-1'])]));
  const stale = buildMatrix({ ...input, mutants: [exact], controls: new Map([['b', 'documented']]), overBlame: new Map([['area.fault', ['BEARER-SIG-1']]]) });
  assert.ok(stale.ok, 'over-blame that comes and goes with timing does not make the run flap');
  assert.equal(stale.blame[0]!.stale, ['BEARER-SIG-1']);
  assert.match(matrixText(stale, { wallTimeMs: 1, jobs: 1 }), /note: over-blame\.yaml lists BEARER-SIG-1 for this mutant, which this run did not fail/);

  const unknown = buildMatrix({ ...input, mutants: [exact], overBlame: new Map([['gone.mutant', ['BEARER-SIG-1']]]) });
  assert.equal(unknown.unknownOverBlame, ['gone.mutant']);
  assert.not.ok(unknown.ok);

  const twoRules = judgeMutant({ ...mutant, alsoBreaks: { 'BEARER-SIG-1': 'the same key verifies' } }, outcome('area.fault', [result('a', 'permissive', 'fail', ['BEARER-PARSE-1'])]));
  const missed = buildMatrix({ ...input, mutants: [twoRules] });
  assert.not.ok(missed.ok, 'a rule declared broken that nothing fails is a miss');
  assert.equal(missed.blame[0]!.missed, ['BEARER-SIG-1']);
});

test('over-blame.yaml problems are reported with file:line:col', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'over-blame-'));
  try {
    const file = join(dir, 'over-blame.yaml');
    await writeFile(file, 'over_blamed:\n  area.fault: [BEARER-SIG-1, BEARER-EMIT-3]\n');
    assert.equal([...(await loadOverBlame(file))], [['area.fault', ['BEARER-EMIT-3', 'BEARER-SIG-1']]]);
    await writeFile(file, 'over_blamed:\n  area.fault: BEARER-SIG-1\n');
    try {
      await loadOverBlame(file);
      assert.unreachable('a bare string is refused');
    } catch (error) {
      assert.instance(error, ControlsFileError);
      assert.match((error as Error).message, `${file}:2:3:`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('pruning over-blame.yaml removes only what the run did not fail, and keeps the comments', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'over-blame-'));
  try {
    const file = join(dir, 'over-blame.yaml');
    await writeFile(file, '# why the list exists\nover_blamed:\n  a.one: [BEARER-SIG-1, BEARER-EMIT-3]\n  b.two: [BEARER-IGN-1]\n');
    const removed = await pruneOverBlame(new Map([['a.one', ['BEARER-SIG-1', 'BEARER-SURF-7']], ['b.two', []]]), file);
    assert.is(removed, 2);
    assert.is(await readFile(file, 'utf8'), '# why the list exists\nover_blamed:\n  a.one: [BEARER-SIG-1]\n');
    assert.is(await pruneOverBlame(new Map(), file), 1);
    assert.equal([...(await loadOverBlame(file))], []);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test.run();
