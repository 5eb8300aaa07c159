// Shared helpers for the CLI tests: fake scenario results, a temporary directory, and running the
// built CLI as a child process.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as assert from 'uvu/assert';
import { UsageError } from '../../conformance/model/exit-codes.js';
import type { ScenarioResult } from '../../conformance/model/result.js';
import type { Target } from '../../conformance/model/target.js';
import { packageFile } from '../../conformance/suite/spec-files.js';

export const CLI = packageFile('dist/conformance/cli.js');

export function fixture(name: string): string {
  return packageFile(join('test/support/fixtures', name));
}

export function target(name: string, over: Partial<Target> = {}): Target {
  return { name, url: `http://127.0.0.1:1/${name}`, requireSignature: false, origin: 'http://localhost:3000', ...over };
}

/** A scenario result with sensible defaults; a 'fail' gets a failure on `failing` (default its first requirement). */
export function result(
  id: string,
  status: ScenarioResult['status'],
  requirements: string[],
  over: Partial<ScenarioResult> & { failing?: string[]; targetName?: string } = {},
): ScenarioResult {
  const { failing, targetName, ...rest } = over;
  const base: ScenarioResult = {
    id,
    title: `scenario ${id}`,
    file: '/suite/s.yaml',
    line: 3,
    target: targetName ?? 't',
    status,
    requirements,
    passed: status === 'pass' ? requirements : [],
    failures: [],
    durationMs: 1.4,
    exchanges: [],
  };
  if (status === 'fail') {
    base.failure = {
      step: 1,
      stepName: 'get-session with the raw token',
      requirements: failing ?? [requirements[0]!],
      check: 'body_null',
      message: 'The body is not the JSON literal null.',
      expected: null,
      actual: { user: { id: 'u1' } },
      exchange: {
        request: { method: 'GET', url: 'http://127.0.0.1:1/api/auth/get-session', headers: [['authorization', 'Bearer abc']] },
        response: { status: 200, headers: [['content-type', 'application/json']], body: '{"user":{"id":"u1"}}' },
      },
      file: '/suite/s.yaml',
      line: 12,
    };
    base.failures = [base.failure];
  }
  if (status === 'skip') base.reason = 'needs require_signature: true; the target has false';
  if (status === 'error') base.reason = 'request timed out after 10000 ms';
  return { ...base, ...rest };
}

export function tempDir(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), 'bearer-cli-test-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node dist/conformance/cli.js ...args` and collects its output. */
export function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: options.cwd ?? tmpdir(),
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The message of the UsageError `attempt` rejects with; fails the test when it settles otherwise. */
export async function usageMessage(attempt: Promise<unknown>): Promise<string> {
  try {
    await attempt;
  } catch (error) {
    assert.instance(error, UsageError);
    return (error as Error).message;
  }
  throw new assert.Assertion({ message: 'expected a UsageError', operator: 'throws', actual: 'no error', expects: 'UsageError' });
}
