// Loading scenario files: every problem is reported at file:line:col with a sentence, and one
// problem never hides another (malformed YAML, schema errors, rules the schema cannot express).
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFixtures } from '../support/stubs.js';
import { loadScenarios, type SourceError } from '../../conformance/suite/load.js';
import { formatPosition } from '../../conformance/model/exit-codes.js';

async function errorsOf(yaml: string): Promise<SourceError[]> {
  const dir = writeFixtures({ 'x.yaml': yaml });
  const { errors } = await loadScenarios([join(dir, 'x.yaml')]);
  return errors;
}

/** "line:col: message" lines, without the temp-dir file name. */
async function located(yaml: string): Promise<string[]> {
  return (await errorsOf(yaml)).map((e) => `${e.line}:${e.col}: ${e.message}`);
}

const VALID = `format: "1.0"
scenarios:
  - id: prec.valid
    title: A valid scenario
    requirements: [BEARER-PREC-1]
    actors: [alice]
    steps:
      - name: first
        request: { method: GET, path: /get-session, bearer: "\${alice.signed}" }
        capture: { sid: { json: /session/id } }
        expect: { status: 200, session_of: alice, session_id: "\${sid}" }
      - name: second
        request:
          method: POST
          path: /sign-out
          cookie: "\${alice.signed | percent_encode}"
        expect: { status: [200, 204], cookies: [{ name: session, cleared: true }] }
`;

test('a valid file loads with file, line and step lines', async () => {
  const dir = writeFixtures({ 'v.yaml': VALID });
  const { scenarios, errors } = await loadScenarios([dir]);
  assert.equal(errors, []);
  assert.is(scenarios.length, 1);
  const s = scenarios[0]!;
  assert.is(s.id, 'prec.valid');
  assert.is(s.line, 3);
  assert.equal(s.stepLines, [8, 12]);
  assert.is(s.format, '1.0');
  assert.ok(s.file.endsWith('v.yaml'));
  assert.is(s.steps[1]!.request.method, 'POST');
});

test('malformed YAML is reported at its position, and nothing loads from that file', async () => {
  const dir = writeFixtures({ 'bad.yaml': 'format: "1.0"\nscenarios:\n  - id: a.b\n    title: [unclosed\n', 'ok.yaml': VALID });
  const { scenarios, errors } = await loadScenarios([dir]);
  assert.equal(scenarios.map((s) => s.id), ['prec.valid']);
  assert.ok(errors.length >= 1);
  assert.ok(errors.every((e) => e.file.endsWith('bad.yaml')));
  assert.match(errors[0]!.message, /^the YAML is malformed: /);
  assert.is(errors[0]!.line >= 4, true, formatPosition(errors[0]!));
});

test('duplicate keys and several documents are YAML errors with positions', async () => {
  const dup = await located('format: "1.0"\nformat: "1.0"\nscenarios: []\n');
  assert.equal(dup, ['2:1: the YAML is malformed: Map keys must be unique']);
  const docs = await located('format: "1.0"\n---\nformat: "1.0"\n');
  assert.is(docs.length, 1);
  assert.match(docs[0]!, /^2:1: the YAML is malformed: .*multiple documents/i);
});

test('an empty file says what it must hold', async () => {
  assert.equal(await located(''), ["1:1: the file is empty; it must hold a mapping with 'format' and 'scenarios'"]);
});

test('schema errors point at the offending node with a sentence naming scenario and step', async () => {
  const yaml = `format: "1.0"
scenarios:
  - id: prec.x
    title: A thing
    requirements: [BEARER-PREC-1]
    steps:
      - name: one
        request: { method: GET, path: /get-session }
      - name: two
        request: { method: GET, path: /get-session }
        expect:
          status: "200"
          sesion_of: alice
          headers: [{ name: x }]
      - name: three
        request: { method: FETCH, path: get-session, url: "http://x" }
`;
  assert.equal(await located(yaml), [
    "12:19: step 2 of scenario 'prec.x': 'expect.status' must be an integer status code from 100 to 599 or a non-empty list of distinct ones",
    "13:11: step 2 of scenario 'prec.x': 'expect.sesion_of' is not a known field here; did you mean 'session_of'?",
    "14:21: step 2 of scenario 'prec.x': 'expect.headers[0]' must have 'name' and exactly one of present, absent, equals, contains",
    "16:18: step 3 of scenario 'prec.x': 'request' has both 'path' and 'url': give exactly one",
    "16:28: step 3 of scenario 'prec.x': 'request.method' must be one of GET, POST, OPTIONS, PUT, PATCH, DELETE, HEAD",
    "16:41: step 3 of scenario 'prec.x': 'request.path' must begin with '/' (it is appended to the base URL; use 'url' for an absolute URL)",
  ]);
});

test('file-level and scenario-level schema errors', async () => {
  const yaml = `format: 1.0
scenarios:
  - id: Bad_Id
    title: ""
    requirements: [PREC-1]
    steps: []
    extra: 1
  - title: no id
    requirements: [BEARER-PREC-1]
    steps:
      - name: s
        request: { method: GET }
        capture: { Bad: { json: x } }
`;
  assert.equal(await located(yaml), [
    `1:9: 'format' must be a string: quote it, as in format: "1.0"`,
    "3:9: scenario 'Bad_Id': 'id' must be two or more dot-separated lowercase words, such as 'prec.cookie-beats-bearer'",
    "4:12: scenario 'Bad_Id': 'title' must not be empty",
    "5:20: scenario 'Bad_Id': 'requirements[0]' must be a requirement ID such as BEARER-PREC-1",
    "6:12: scenario 'Bad_Id': 'steps' must not be empty",
    "7:5: scenario 'Bad_Id': 'extra' is not a known field here (known fields: id, title, description, requirements, tags, needs, needs_token, actors, steps)",
    "8:5: scenario 2: 'id' is required but missing",
    "12:18: step 1 of scenario 2: 'request' needs 'path' (relative to the base URL) or 'url' (absolute)",
    "13:20: step 1 of scenario 2: 'capture.Bad' is not a valid capture name: use lowercase letters, digits and _, starting with a letter",
    "13:25: step 1 of scenario 2: 'capture.Bad' must be exactly one of {json: /json/pointer}, {header: name} or {cookie: name}, and a JSON pointer is empty or begins with '/'",
  ]);
});

test('an unknown major format version is named as such', async () => {
  const errors = await located('format: "2.0"\nscenarios: []\n');
  assert.equal(errors[0], `1:9: 'format' is "2.0", a format this runner does not read: it reads "1.x" (spec/INTERPRETING.md)`);
});

test('semantic errors: requirements, actors, captures, filters, needs', async () => {
  const yaml = `format: "1.0"
scenarios:
  - id: sem.all
    title: Every rule the schema cannot see
    requirements: [BEARER-PREC-1, BEARER-NOPE-1]
    actors: [alice]
    steps:
      - name: one
        request: { method: GET, path: "/x/\${sid}", bearer: "\${alice.signd}", cookie: "\${bob.signed}" }
        expect: { session_of: bob }
      - name: two
        request: { method: GET, path: /x, headers: [[a, "\${alice.token | tampr}"], [b, "\${alice.token | repeat}"], [c, "\${ x"]] }
        capture: { sid: { json: /session/id }, target: { header: x } }
        expect:
          session_id: "\${sid}"
          verifies: ["\${alice.signed}"]
          json: { a: "\${target.schema_url}", b: "\${never}" }
      - name: three
        request: { method: GET, path: "/\${alice.token | sign}" }
`;
  assert.equal(await located(yaml), [
    "5:35: scenario 'sem.all': 'requirements[1]' names 'BEARER-NOPE-1', which is not a requirement of spec/requirements.yaml",
    "9:39: step 1 of scenario 'sem.all': 'request.path' uses '${sid}': 'sid' is captured only by step 2; a capture can be used in the request of later steps (and in the expect of its own step)",
    "9:60: step 1 of scenario 'sem.all': 'request.bearer' uses '${alice.signd}': an actor has no 'signd' (known: alice.email, alice.password, alice.name, alice.user_id, alice.token, alice.signed)",
    "9:86: step 1 of scenario 'sem.all': 'request.cookie' uses '${bob.signed}': 'bob' is not an actor of this scenario (actors: alice)",
    "10:31: step 1 of scenario 'sem.all': 'expect.session_of' names 'bob', who is not an actor of this scenario (actors: alice)",
    "12:57: step 2 of scenario 'sem.all': 'request.headers[0][1]' uses '${alice.token | tampr}': unknown filter 'tampr' (known: percent_encode, percent_decode, unsigned, signature, tamper, sign, sign_wrong_secret, repeat, swap_case, accent, append_space, append_nul)",
    "12:88: step 2 of scenario 'sem.all': 'request.headers[1][1]' uses '${alice.token | repeat}': filter 'repeat' needs a count, e.g. repeat(100)",
    "12:120: step 2 of scenario 'sem.all': 'request.headers[2][1]' is not a valid template: '${' at character 1 is never closed by '}' (write '$$' for a literal '$')",
    "13:48: step 2 of scenario 'sem.all': 'capture.target' is a capture named like the target; choose another name so ${target...} stays unambiguous",
    "16:21: step 2 of scenario 'sem.all': 'expect.verifies' needs the target's secret: add 'needs: {secret: true}' to the scenario",
    "17:22: step 2 of scenario 'sem.all': 'expect.json.a' uses '${target.schema_url}': target.schema_url needs 'needs: {schema_url: true}' on the scenario",
    "17:49: step 2 of scenario 'sem.all': 'expect.json.b' uses '${never}': 'never' is neither captured by any step nor a known variable",
    "19:39: step 3 of scenario 'sem.all': 'request.path' uses '${alice.token | sign}': the sign filter needs the target's secret; add 'needs: {secret: true}' to the scenario",
  ]);
});

test('a capture may be used in the expect of its own step and in later requests', async () => {
  const yaml = VALID.replace('session_id: "${sid}"', 'session_id: "${sid}", headers: [{ name: x, absent: true }]');
  assert.equal(await located(yaml), []);
});

test('duplicate ids across files are reported at the second one, naming the first', async () => {
  const dir = writeFixtures({ 'a.yaml': VALID, 'b.yaml': VALID });
  const { scenarios, errors } = await loadScenarios([dir]);
  assert.is(scenarios.length, 1);
  assert.is(errors.length, 1);
  assert.ok(errors[0]!.file.endsWith('b.yaml'));
  assert.is(errors[0]!.line, 3);
  assert.is(errors[0]!.col, 9);
  assert.match(errors[0]!.message, /^scenario 'prec\.valid': the id is already used at .*a\.yaml:3; ids are unique across all scenario files$/);
});

test('errors from several files are all reported, and formatSourceError prefixes file:line:col', async () => {
  const dir = writeFixtures({ 'a.yaml': 'format: "1.0"\nscenarios: []\n', 'b.yaml': 'format: "1.0"\nscenarios: 3\n' });
  const { errors } = await loadScenarios([dir, join(dir, 'missing.yaml')]);
  const text = errors.map(formatPosition);
  assert.is(text.length, 3);
  assert.match(text[0]!, /missing\.yaml:1:1: cannot read: .*ENOENT/);
  assert.match(text[1]!, /a\.yaml:2:12: 'scenarios' must not be empty$/);
  assert.match(text[2]!, /b\.yaml:2:12: 'scenarios' must be a list$/);
});

test('an unreadable requirement registry is itself an error', async () => {
  const dir = writeFixtures({ 'v.yaml': VALID });
  const { errors } = await loadScenarios([dir], { requirementsFile: join(dir, 'nope.yaml') });
  assert.is(errors.length, 1);
  assert.match(errors[0]!.message, /^cannot read the requirement registry: /);
});

test('a withdrawn requirement is refused', async () => {
  const dir = writeFixtures({
    'v.yaml': VALID,
    'reqs.yaml': 'requirements:\n  - { id: BEARER-PREC-1, withdrawn: true }\n',
  });
  const { errors } = await loadScenarios([join(dir, 'v.yaml')], { requirementsFile: join(dir, 'reqs.yaml') });
  assert.equal(errors.map((e) => `${e.line}:${e.col}: ${e.message}`), [
    "5:20: scenario 'prec.valid': 'requirements[0]' names 'BEARER-PREC-1', a withdrawn requirement; judge its replacement instead",
  ]);
});

test.run();
