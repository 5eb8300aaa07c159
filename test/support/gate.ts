// Helpers for the CI-gate tests (expectations, selection, --list, --bail, lint, API): the gate
// fixture suite, a reference server per test, a closed port, files in a temporary directory, the
// JSON report of a CLI run, and the rows of a --list.
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { fixture, runCli, type CliRun } from './cli.js';
import type { Report } from '../../conformance/model/report.js';
import { packageFile, specFile } from '../../conformance/suite/spec-files.js';
import { createReferenceServer } from '../../reference/index.js';

/** Six scenarios: two pass, one fails a MUST, one fails a SHOULD, two are skipped without secret / signed-only. */
export const GATE_SUITE = fixture('gate/suite.yaml');
export const GATE_IDS = ['gate.pass.signed', 'gate.pass.anonymous', 'gate.fail.status', 'gate.fail.should', 'gate.skip.secret', 'gate.skip.signed-only'];
export const BUNDLED = packageFile('conformance/scenarios');

export const validateReport = new Ajv({ allErrors: true, strict: true }).compile(JSON.parse(readFileSync(specFile('report.schema.json'), 'utf8')) as object);

/** Starts the reference (permissive, no bearer changes unless asked), runs `use`, closes it. */
export async function withReference<T>(use: (url: string) => Promise<T>, options: Parameters<typeof createReferenceServer>[0] = {}): Promise<T> {
  const ref = await createReferenceServer({ port: 0, host: '127.0.0.1', ...options });
  try {
    return await use(ref.url);
  } finally {
    await ref.close();
  }
}

/** A 127.0.0.1 port nothing listens on: bound, then released. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export function write(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Runs the CLI with a JSON report written next to it; returns the run and the report, checked against its schema. */
export async function runWithReport(dir: string, name: string, args: string[]): Promise<CliRun & { report: Report }> {
  const output = join(dir, `${name}.json`);
  const r = await runCli([...args, '--reporter', 'console', '--reporter', 'json', '--output', output]);
  let report: Report;
  try {
    report = JSON.parse(readFileSync(output, 'utf8')) as Report;
  } catch {
    throw new Error(`no JSON report (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  }
  if (!validateReport(report)) throw new Error(`the report breaks spec/report.schema.json: ${JSON.stringify(validateReport.errors, null, 1)}`);
  return { ...r, report };
}

export interface ListRow {
  target: string;
  id: string;
  run: boolean;
  /** The title for a scenario that would run, the reason for one that would not. */
  text: string;
}

/** The rows of `--list` output, per target. */
export function listRows(stdout: string): ListRow[] {
  const rows: ListRow[] = [];
  let target = '';
  for (const line of stdout.split('\n')) {
    const head = /^Target (\S+) /.exec(line);
    if (head) target = head[1]!;
    const row = /^ {2}(run|skip) +(\S+) +(.*)$/.exec(line);
    if (row) rows.push({ target, id: row[2]!, run: row[1] === 'run', text: row[3]! });
  }
  return rows;
}

/** Ids a --list selected (would run, or would be skipped for unmet needs), for one target. */
export function selectedIds(stdout: string, target?: string): string[] {
  return listRows(stdout)
    .filter((r) => (target === undefined || r.target === target) && !r.text.startsWith('not selected'))
    .map((r) => r.id);
}

export { runCli };
