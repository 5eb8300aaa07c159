// --schema-file end to end on the fixture's SQLite back end (no server to start): better-auth's own
// migration, the documented dump query, and the suite's verdict on the dump, with and without bearer(),
// plus a dump with one added column that must fail. The dump parser's formats and errors; the README
// and SPEC.md show the very queries the fixture runs.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { run } from '../../conformance/index.js';
import { parseSchemaDump } from '../../conformance/plan/schema-file.js';
import { packageFile } from '../../conformance/suite/spec-files.js';
import { MYSQL_COLUMNS, POSTGRES_COLUMNS, SQLITE_COLUMNS } from '../../fixtures/targets/better-auth/schema-queries.js';
import { migrateWithoutBearer, writeSchemaDump } from '../../fixtures/targets/better-auth/schema-dump.js';
import { startBetterAuthTarget } from '../../fixtures/targets/better-auth/server.js';
import { startDatabaseServer } from '../../fixtures/targets/better-auth/storage.js';

async function verdictOn(schemaFile: string): Promise<{ status: string; message?: string }> {
  const target = await startBetterAuthTarget({ port: 0 });
  try {
    const report = await run({ url: target.url, schemaFile, profiles: ['better-auth'], grep: '^schema\\.file-core-only$' });
    const r = report.results.find((x) => x.id === 'schema.file-core-only')!;
    return { status: r.status, message: r.failures[0]?.message };
  } finally {
    await target.close();
  }
}

test('SQLite: the dump of a database migrated with bearer() and of one migrated without it both pass; an added column fails', async () => {
  const server = await startDatabaseServer('sqlite');
  const dir = await mkdtemp(join(tmpdir(), 'schema-file-test-'));
  try {
    const withBearer = await server.create('with_bearer');
    const target = await startBetterAuthTarget({ port: 0, database: withBearer.database });
    await target.close();
    const withFile = await writeSchemaDump(withBearer, dir, 'with');
    assert.match(await readFile(withFile, 'utf8'), /^session\|token$/m, 'the dump holds table|column lines');
    assert.is((await verdictOn(withFile)).status, 'pass');

    const withoutBearer = await server.create('without_bearer');
    await migrateWithoutBearer(withoutBearer);
    const withoutFile = await writeSchemaDump(withoutBearer, dir, 'without');
    assert.is(await readFile(withoutFile, 'utf8'), await readFile(withFile, 'utf8'), 'bearer() changes nothing in the real schema');
    assert.is((await verdictOn(withoutFile)).status, 'pass');

    const added = join(dir, 'added.txt');
    await writeFile(added, `${await readFile(withFile, 'utf8')}session|bearerToken\n`);
    const verdict = await verdictOn(added);
    assert.is(verdict.status, 'fail', 'a column the plugin added is caught');
    assert.match(verdict.message ?? '', /session\.bearerToken/);
  } finally {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
});

test('the dump formats: psql and sqlite3 (|), mariadb -N -B (tab), a schema description (JSON); errors name the line', () => {
  const expected = { tables: { user: { fields: ['id', 'email'] }, session: { fields: ['id'] } } };
  assert.equal(parseSchemaDump('user|id\nuser|email\nsession|id\n', 'a'), expected);
  assert.equal(parseSchemaDump('# dumped\r\nuser\tid\r\nuser\temail\r\n\r\nsession\tid\r\n', 'b'), expected);
  assert.equal(parseSchemaDump(JSON.stringify(expected), 'c'), expected);
  assert.throws(() => parseSchemaDump('user|id\ntable_name column_name\n', 'd.txt'), /d\.txt, line 2: "table_name column_name" is not "table\|column"/);
  assert.throws(() => parseSchemaDump('\n# nothing\n', 'e.txt'), /lists no table/);
  assert.throws(() => parseSchemaDump('{"user": 1}', 'f.txt'), /without a "tables" object/);
});

test('README and SPEC.md show the exact queries the fixture dumps with', async () => {
  for (const doc of ['README.md', 'spec/SPEC.md']) {
    const text = await readFile(packageFile(doc), 'utf8');
    for (const query of [POSTGRES_COLUMNS, MYSQL_COLUMNS, SQLITE_COLUMNS]) assert.ok(text.includes(query), `${doc} shows: ${query}`);
  }
});

test.run();
