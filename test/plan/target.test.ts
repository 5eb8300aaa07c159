// Target descriptions from flags and YAML files: defaults, overrides, and errors at file:line:col.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { tempDir, usageMessage } from '../support/cli.js';
import { TargetFileError } from '../../conformance/model/exit-codes.js';
import { isEmbedded, resolveTarget } from '../../conformance/plan/target.js';

const dir = tempDir();
test.after(() => dir.remove());

function file(name: string, text: string): string {
  const path = join(dir.path, name);
  writeFileSync(path, text);
  return path;
}

async function problems(promise: Promise<unknown>): Promise<string[]> {
  try {
    await promise;
  } catch (error) {
    assert.instance(error, TargetFileError);
    return (error as TargetFileError).problems.map((p) => `${p.line}:${p.col} ${p.message}`);
  }
  throw new assert.Assertion({ message: 'expected a TargetFileError', operator: 'throws', actual: 'no error', expects: 'TargetFileError' });
}

test('flags alone: defaults for origin and require_signature; trailing slash dropped', async () => {
  const t = await resolveTarget({ url: 'http://127.0.0.1:4000/api/auth/' });
  assert.equal(t, { name: '127.0.0.1:4000', url: 'http://127.0.0.1:4000/api/auth', requireSignature: false, origin: 'http://localhost:3000' });
  assert.ok(isEmbedded({}));
  assert.not.ok(isEmbedded({ url: 'http://x' }));
  assert.not.ok(isEmbedded({}, 'target.yaml'));
});

test('a target file gives every field; flags override it', async () => {
  process.env.BEARER_TEST_SECRET = 'from-env';
  const path = file('full.yaml', [
    'name: staging',
    'url: http://127.0.0.1:5000/api/auth',
    'require_signature: true',
    'secret_env: BEARER_TEST_SECRET',
    'origin: https://app.example',
    'schema_url: http://127.0.0.1:5000/schema',
    'exposed_headers: [X-Request-Id]',
  ].join('\n'));
  const t = await resolveTarget({}, path);
  assert.equal(t, {
    name: 'staging', url: 'http://127.0.0.1:5000/api/auth', requireSignature: true, secret: 'from-env',
    origin: 'https://app.example', schemaUrl: 'http://127.0.0.1:5000/schema', exposedHeaders: ['X-Request-Id'],
  });
  const o = await resolveTarget({ requireSignature: false, secret: 'flag', url: 'http://127.0.0.1:6000/api/auth' }, path);
  assert.is(o.requireSignature, false);
  assert.is(o.secret, 'flag');
  assert.is(o.url, 'http://127.0.0.1:6000/api/auth');
  delete process.env.BEARER_TEST_SECRET;
  assert.match((await problems(resolveTarget({}, path)))[0]!, /^4:13 secret_env names the environment variable BEARER_TEST_SECRET, which is not set/);
});

test('schema errors point at the offending key or value', async () => {
  const path = file('bad.yaml', ['url: ftp://example', 'require_signature: "yes"', 'secrt: x', 'exposed_headers:', '  - ok', '  - "bad name"'].join('\n'));
  const found = await problems(resolveTarget({}, path));
  assert.ok(found.some((p) => /^1:6 url "ftp:\/\/example" has the wrong form: Base URL/.test(p)), found.join('\n'));
  assert.ok(found.some((p) => /^2:20 require_signature is a string; it has to be a boolean/.test(p)), found.join('\n'));
  assert.ok(found.some((p) => /^3:1 "secrt" is not a target field; the fields are name, url/.test(p)), found.join('\n'));
  assert.ok(found.some((p) => /^6:5 exposed_headers\.1 "bad name" has the wrong form/.test(p)), found.join('\n'));
});

test('a missing url, YAML syntax errors, a list instead of a mapping, and both secret forms', async () => {
  assert.match((await problems(resolveTarget({}, file('nourl.yaml', 'origin: http://localhost:3000\n'))))[0]!, /^1:1 The file lacks "url"; add url:/);
  assert.match((await problems(resolveTarget({}, file('syntax.yaml', 'url: http://x\n  bad: [\n'))))[0]!, /^\d+:\d+ .*not valid YAML/);
  assert.match((await problems(resolveTarget({}, file('list.yaml', '- url: http://x\n'))))[0]!, /^1:1 The file holds a list, not a mapping/);
  assert.match((await problems(resolveTarget({}, file('both.yaml', 'url: http://x\nsecret: a\nsecret_env: B\n'))))[0]!, /both secret and secret_env/);
  // A flag can supply a url the file lacks only if the file is valid: the file is checked on its own.
  assert.match(await usageMessage(resolveTarget({}, join(dir.path, 'absent.yaml'))), /Cannot read the target file .*absent\.yaml: there is no such file\. Check the path given to --target\./);
});

test('flag values are checked and errors say what to give instead', async () => {
  assert.match(await usageMessage(resolveTarget({ secret: 'x' })), /^--secret describes a target, but no target was named; add --url <base URL>/);
  assert.match(await usageMessage(resolveTarget({ url: 'localhost:3000' })), /uses localhost; the suite speaks HTTP|is not a URL/);
  assert.match(await usageMessage(resolveTarget({ url: 'not a url' })), /is not a URL; give an absolute http/);
  assert.match(await usageMessage(resolveTarget({ url: 'http://h/api/auth?x=1' })), /has a query or fragment/);
  assert.match(await usageMessage(resolveTarget({ url: 'http://h/api/auth', origin: 'http://h/path' })), /is not an origin; give scheme, host and port only/);
  assert.match(await usageMessage(resolveTarget({ url: 'http://h/api/auth', exposeHeaders: ['X A'] })), /is not a header name/);
  assert.match(await usageMessage(resolveTarget({ url: 'http://h/api/auth', secret: '' })), /--secret is empty/);
  assert.is((await resolveTarget({ url: 'http://h/api/auth', origin: 'http://h:81/' })).origin, 'http://h:81');
});

test.run();
