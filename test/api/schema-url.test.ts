// Issue 18: a declared schema URL that answers no schema description is a usage error (exit 2) that
// says the URL is wrong, before anything is judged; under 1.0 it failed BEARER-SCHEMA-1.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { run, UsageError } from '../../conformance/index.js';
import { createReferenceServer } from '../../reference/index.js';

test('a schema URL answering 404, or JSON that is no schema description, is a usage error naming the URL', async () => {
  const server = await createReferenceServer({ port: 0, host: '127.0.0.1', passwordHashCost: 16 });
  try {
    for (const [path, said] of [['/no-such-schema', /answered 404, not 200 with a schema description/], ['/get-session', /answered JSON without a "tables" object/]] as const) {
      const schemaUrl = `${server.url}${path}`;
      const error = await run({ url: server.url, schemaUrl, grep: '^schema\\.', reporters: [] }).then(() => undefined, (e: unknown) => e);
      assert.instance(error, UsageError, path);
      assert.match((error as Error).message, said);
      assert.ok((error as Error).message.includes(schemaUrl), 'the message names the URL');
    }
    // The right URL runs and passes.
    const report = await run({ url: server.url, schemaUrl: server.schemaUrl, grep: '^schema\\.', reporters: [] });
    assert.equal(report.results.filter((r) => r.status === 'pass').map((r) => r.id), ['schema.adds-nothing']);
  } finally {
    await server.close();
  }
});

test.run();
