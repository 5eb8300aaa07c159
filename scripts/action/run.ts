// The GitHub Action's run step (action.yml): turns the action's inputs (BC_* variables) into
// bearer-conformance flags, runs the CLI with console, JUnit, JSON, HTML and Markdown reporters (the
// Markdown one into the job summary), and records the exit code and verdict as step outputs. It
// always exits 0 itself, so that the upload step runs; the action's last step fails the job on the
// recorded code.
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const env = process.env;
const cli = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'conformance', 'cli.js');
const reportDir = resolve(env['BC_REPORT_DIR'] || 'bearer-conformance-reports');
mkdirSync(reportDir, { recursive: true });
const jsonReport = join(reportDir, 'report.json');

const args: string[] = [];
if (env['BC_URL']) args.push('--url', env['BC_URL']);
if (env['BC_TARGET']) args.push('--target', env['BC_TARGET']);
if (env['BC_SECRET']) args.push('--secret', env['BC_SECRET']);
if (env['BC_REQUIRE_SIGNATURE'] === 'true') args.push('--require-signature');
else if (env['BC_REQUIRE_SIGNATURE'] === 'false') args.push('--no-require-signature');
else if (env['BC_REQUIRE_SIGNATURE']) fail(`The require-signature input takes 'true', 'false' or nothing, but got '${env['BC_REQUIRE_SIGNATURE']}'.`);
if (env['BC_EXPECTATIONS']) args.push('--expectations', env['BC_EXPECTATIONS']);
args.push('--reporter', 'console', '--reporter', `junit:${join(reportDir, 'junit.xml')}`, '--reporter', `json:${jsonReport}`);
args.push('--reporter', `html:${join(reportDir, 'report.html')}`);
if (env['GITHUB_STEP_SUMMARY']) args.push('--reporter', `markdown:${env['GITHUB_STEP_SUMMARY']}`);
// One flag or value per line, so that values with spaces need no shell quoting.
args.push(...(env['BC_ARGS'] ?? '').split(/\r?\n/).map((line) => line.trim()).filter(Boolean));

const run = spawnSync(process.execPath, [cli, ...args], { stdio: 'inherit' });
const code = run.status ?? 5;
output('exit-code', String(code));
output('verdict', verdictOf(jsonReport));
process.exit(0);

function verdictOf(file: string): string {
  try {
    const report = JSON.parse(readFileSync(file, 'utf8')) as { summary?: { verdict?: string } };
    return report.summary?.verdict ?? '';
  } catch {
    return '';
  }
}

function output(name: string, value: string): void {
  if (env['GITHUB_OUTPUT']) appendFileSync(env['GITHUB_OUTPUT'], `${name}=${value}\n`);
  else console.log(`${name}=${value}`);
}

function fail(message: string): never {
  console.error(`::error::${message}`);
  output('exit-code', '2');
  output('verdict', '');
  process.exit(0);
}
