// The README documents the CLI truthfully: its flag table lists every flag of --help, its
// expectations example is a valid file naming scenarios that exist, and the two commands of the
// quick start stay as they are.
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { USAGE } from '../../conformance/args.js';
import { matchesId } from '../../conformance/plan/expectations.js';
import { loadSuite } from '../../conformance/suite/load.js';
import { packageFile, specFile } from '../../conformance/suite/spec-files.js';

const readme = readFileSync(packageFile('README.md'), 'utf8');

function codeBlocks(language: string): string[] {
  return [...readme.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!);
}

test('the flag table lists every flag of --help, and no flag --help lacks', () => {
  const helpFlags = new Set([...USAGE.matchAll(/^ {2}(?:-h, )?(--[a-z-]+)/gm)].map((m) => m[1]!));
  const table = readme.slice(readme.indexOf('### Flags'), readme.indexOf('### Exit codes'));
  const tableFlags = new Set([...table.matchAll(/^\| `(?:-h`, `)?(--[a-z-]+)/gm)].map((m) => m[1]!));
  assert.ok(helpFlags.size > 20, [...helpFlags].join(' '));
  assert.equal([...helpFlags].filter((f) => !tableFlags.has(f)), [], 'in --help, not in the README');
  assert.equal([...tableFlags].filter((f) => !helpFlags.has(f)), [], 'in the README, not in --help');
  for (const code of [0, 1, 2, 3, 4, 5]) assert.match(readme, new RegExp(`^\\| ${code} \\| `, 'm'), `exit code ${code}`);
});

test('the quick start shows npm ci, npm start and npm test', () => {
  assert.match(readme, /```sh\nnpm ci {6}# installs and builds\nnpm start {3}# runs the whole suite against the embedded reference server\nnpm test {4}# unit and end-to-end tests, with coverage\n```/);
});

test('the expectations example is a valid file whose entries match bundled scenarios', async () => {
  const example = codeBlocks('yaml').find((b) => b.includes('expectations:'))!;
  const data = parse(example) as { expectations: { scenario: string }[] };
  const validate = new Ajv({ strict: false }).compile(JSON.parse(readFileSync(specFile('expectations.schema.json'), 'utf8')) as object);
  assert.ok(validate(data), JSON.stringify(validate.errors));
  const ids = (await loadSuite()).map((s) => s.id);
  for (const e of data.expectations) assert.ok(ids.some((id) => matchesId(e.scenario, id)), `${e.scenario} matches no bundled scenario`);
});

test.run();
