// One redaction pass, on the way out (report/report.ts): whatever a target echoes, no reporter writes
// the target secret or an actor's password, in any spelling. Against the hostile `echo` target, which
// leaks its secret and every request body in every answer, with scenarios that fail on purpose and
// --verbose, so every reporter renders exchanges, curl lines and rerun commands.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fixture, tempDir } from '../support/cli.js';
import { startHostileServer } from '../../fixtures/targets/hostile/server.js';
import { run } from '../../conformance/index.js';

const WIRE = fileURLToPath(new URL('../../../conformance/scenarios/wire.yaml', import.meta.url));
// Quote, backslash, space, + / = and non-ASCII: each spelling differs. The letters and digits at the
// end survive any escaping (JSON, percent, HTML, Markdown), so a leak in any of them shows.
const SECRET = 'Zq"Kx\\7 Lm+Wp/Rt=Vbé-k3YhT8uN2wQ';
const MARK = 'k3YhT8uN2wQ';
const dir = tempDir();
test.after(() => dir.remove());

test('no reporter writes the secret or a password, though the target echoes them in every answer', async () => {
  const server = await startHostileServer({ hostility: 'echo', reference: { secret: SECRET } });
  let console = '';
  const stdout = new Writable({ write: (chunk, _enc, done) => ((console += String(chunk)), done()) });
  const passwords = new Set<string>();
  const files = { json: 'r.json', junit: 'r.xml', tap: 'r.tap', html: 'r.html', markdown: 'r.md' };
  try {
    await run({
      url: server.url,
      secret: SECRET,
      scenarios: [fixture('leaky.yaml'), WIRE],
      verbose: true,
      stdout,
      reporters: ['console', ...Object.entries(files).map(([name, file]) => `${name}:${join(dir.path, file)}`)],
      onResult: (r) => r.tokens?.filter((t) => t.always).forEach((t) => passwords.add(t.value)),
    });
  } finally {
    await server.close();
  }
  assert.ok(passwords.size > 0, 'no actor was set up');
  const base64 = Buffer.from(SECRET).toString('base64');
  const outputs: [string, string][] = [['console', console], ...Object.entries(files).map(([name, file]): [string, string] => [name, readFileSync(join(dir.path, file), 'utf8')])];
  for (const [name, text] of outputs) {
    assert.not.ok(text.includes(MARK), `${name} holds the secret`);
    assert.not.ok(text.includes(base64.slice(4, 24)), `${name} holds the secret in base64`);
    for (const p of passwords) assert.not.ok(text.includes(p), `${name} holds a password`);
  }
  // The leaks were there to scrub: the JSON report shows where.
  const json = outputs.find(([name]) => name === 'json')![1];
  assert.ok(json.includes('[secret]'), 'the target echoed no secret');
  assert.match(json, /<redacted:alice\.password>/);
  assert.ok(json.includes('"status": "fail"'), 'nothing failed');
});

test.run();
