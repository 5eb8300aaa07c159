// The runner's layers hold (issue 10): dependency-cruiser checks conformance/ and reference/ with
// .dependency-cruiser.cjs, and the same run over fixtures/layers/ shows that an upward import and an
// import circle fail the check (a rule set that finds nothing there checks nothing).
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { packageFile } from '../../conformance/suite/spec-files.js';

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

/** One cruise over the sources and the fixture; dependency-cruiser exits non-zero when it finds any violation. */
function cruise(): Promise<Violation[]> {
  const root = packageFile('.');
  const bin = join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
  const args = [bin, 'conformance', 'reference', 'fixtures/layers', '--config', '.dependency-cruiser.cjs', '--output-type', 'json'];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd: root, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      try {
        resolve((JSON.parse(stdout) as { summary: { violations: Violation[] } }).summary.violations);
      } catch {
        reject(new Error(`dependency-cruiser gave no JSON (${error?.message ?? 'no error'}): ${stderr}`));
      }
    });
  });
}

const violations = cruise();

test('conformance/ and reference/ break no layer rule and hold no import circle', async () => {
  const own = (await violations).filter((v) => !v.from.startsWith('fixtures/layers/'));
  assert.equal(own.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`), []);
});

test('the fixture fails the check: its upward import and its circle are both found', async () => {
  const found = (await violations).filter((v) => v.from.startsWith('fixtures/layers/')).map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`);
  assert.ok(found.includes('layer-model: fixtures/layers/conformance/model/result.ts -> fixtures/layers/conformance/engine/run.ts'), found.join('\n'));
  assert.ok(found.some((v) => v.startsWith('no-circular: fixtures/layers/conformance/suite/')), found.join('\n'));
});

test.run();
