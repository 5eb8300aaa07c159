// The GitHub Action: action.yml is valid Actions metadata (checked with action-validator against
// SchemaStore's schema, and shown to reject a broken copy), and its run step, given the inputs as
// the action passes them, runs the suite against the reference, writes every report and the job
// summary, and records the suite's exit code and verdict as step outputs.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateAction } from '@action-validator/core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { createReferenceServer } from '../../reference/index.js';
import { packageFile } from '../../conformance/suite/spec-files.js';

const ACTION = readFileSync(packageFile('action.yml'), 'utf8');
const SCRIPT = packageFile('dist/scripts/action/run.js');

test('action.yml is valid Actions metadata, and the validator rejects a broken copy', () => {
  assert.equal(validateAction(ACTION).errors, []);
  const broken = ACTION.replace('using: composite', 'using: nonsense');
  assert.ok(validateAction(broken).errors.length > 0);
});

test('the run step the action calls is the script tested here, and the last step fails on its code', () => {
  const action = parse(ACTION) as { runs: { steps: { id?: string; run?: string; if?: string }[] } };
  const steps = action.runs.steps;
  const suite = steps.find((s) => s.id === 'suite');
  assert.ok(suite?.run?.includes('/dist/scripts/action/run.js'));
  const last = steps[steps.length - 1]!;
  assert.is(last.if, 'always()');
  assert.match(last.run ?? '', /exit "\$\{\{ steps\.suite\.outputs\.exit-code/);
});

async function runStep(env: Record<string, string>): Promise<{ code: number | null; outputs: Record<string, string>; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'bearer-action-'));
  writeFileSync(join(dir, 'summary.md'), '');
  writeFileSync(join(dir, 'output'), '');
  const child = spawn(process.execPath, [SCRIPT], {
    cwd: dir,
    env: { PATH: process.env['PATH'] ?? '', GITHUB_STEP_SUMMARY: join(dir, 'summary.md'), GITHUB_OUTPUT: join(dir, 'output'), BC_REPORT_DIR: 'reports', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => (out += b.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const outputs = Object.fromEntries(
    readFileSync(join(dir, 'output'), 'utf8').split('\n').filter(Boolean).map((line) => line.split(/=(.*)/s).slice(0, 2) as [string, string]),
  );
  if (code !== 0) console.error(out);
  return { code, outputs, dir };
}

test('against the conforming reference: outputs exit-code 0 and verdict conforming, every report written', async () => {
  const server = await createReferenceServer({ secret: 'action-secret-0123456789abcdef' });
  try {
    const { code, outputs, dir } = await runStep({ BC_URL: server.url, BC_SECRET: 'action-secret-0123456789abcdef' });
    try {
      assert.is(code, 0);
      assert.equal(outputs, { 'exit-code': '0', verdict: 'conforming' });
      for (const file of ['junit.xml', 'report.json', 'report.html']) assert.ok(existsSync(join(dir, 'reports', file)), file);
      const summary = readFileSync(join(dir, 'summary.md'), 'utf8');
      assert.match(summary, /CONFORMING/);
      for (const file of ['junit.xml', 'report.json', 'report.html']) {
        assert.not.match(readFileSync(join(dir, 'reports', file), 'utf8'), 'action-secret-0123456789abcdef');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } finally {
    await server.close();
  }
});

test('against a server without the bearer plugin: the step still exits 0, and records exit-code 1 for the last step', async () => {
  const server = await createReferenceServer({ bearer: false });
  try {
    const { code, outputs, dir } = await runStep({ BC_URL: server.url, BC_ARGS: '--grep\n^sig\\.' });
    rmSync(dir, { recursive: true, force: true });
    assert.is(code, 0);
    assert.equal(outputs, { 'exit-code': '1', verdict: 'non-conforming' });
  } finally {
    await server.close();
  }
});

test('a bad require-signature input is a usage error (exit-code 2) with a sentence, not a crash', async () => {
  const { code, outputs, dir } = await runStep({ BC_URL: 'http://127.0.0.1:1/api/auth', BC_REQUIRE_SIGNATURE: 'yes' });
  rmSync(dir, { recursive: true, force: true });
  assert.is(code, 0);
  assert.is(outputs['exit-code'], '2');
});

test.run();
