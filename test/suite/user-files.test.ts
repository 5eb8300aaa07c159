// Files a user names (target file, expectations file, schema dump, a report to diff) are read through
// suite/files.ts readUserFile: one sentence naming the file, why it cannot be read, and what to do.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadExpectations } from '../../conformance/plan/expectations.js';
import { readSchemaFile } from '../../conformance/plan/schema-file.js';
import { resolveTarget } from '../../conformance/plan/target.js';
import { readReport } from '../../conformance/reporters/compare.js';
import { usageMessage } from '../support/cli.js';

test('a file that cannot be read: which file, why, and what to do, for every file a user names', async () => {
  const absent = join(tmpdir(), 'bearer-absent', 'nothing.yaml');
  // Each attempt starts only when it is awaited, so none rejects unobserved.
  const cases: [() => Promise<unknown>, RegExp][] = [
    [() => resolveTarget({}, absent), /^Cannot read the target file .*nothing\.yaml: there is no such file\. Check the path given to --target\.$/],
    [() => loadExpectations(absent), /^Cannot read the expectations file .*nothing\.yaml: there is no such file\. Check the path given to --expectations, or create the file/],
    [() => readSchemaFile(absent), /^Cannot read the schema dump .*nothing\.yaml: there is no such file\. Give --schema-file the path of a schema dump/],
    [() => readReport(tmpdir()), /^Cannot read the report .*: it is a directory\. Give the path of a file written with --reporter json:<file>\.$/],
  ];
  for (const [attempt, message] of cases) assert.match(await usageMessage(attempt()), message);
});

test.run();
