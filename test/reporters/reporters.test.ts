// The JUnit and TAP reporters, from report objects: structure, escaping of hostile content (a server
// controls every header and body the reports quote), and the reporter specs of --reporter.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { result, target } from '../support/cli.js';
import { all, parseTap, parseXml } from '../support/reporters-check.js';
import { TargetUnreachableError } from '../../conformance/model/errors.js';
import { UsageError } from '../../conformance/model/exit-codes.js';
import type { Report } from '../../conformance/model/report.js';
import type { Registry, Requirement } from '../../conformance/model/requirements.js';
import type { ScenarioResult } from '../../conformance/model/result.js';
import { buildReport, buildUnreachableReport } from '../../conformance/report/report.js';
import { parseReporterSpecs } from '../../conformance/reporters/index.js';
import { escapeHtml, renderHtmlUnreachable } from '../../conformance/reporters/html.js';
import { renderJunit, renderJunitUnreachable } from '../../conformance/reporters/junit.js';
import { renderMarkdownUnreachable } from '../../conformance/reporters/markdown.js';
import { escapeDescription, renderTap, renderTapUnreachable } from '../../conformance/reporters/tap.js';
import { escapeAttr, escapeText, xmlSafe } from '../../conformance/reporters/xml.js';

const req = (id: string, level: Requirement['level'] = 'MUST'): Requirement => ({ id, level, section: 'SIG', title: `Title ${id}`, text: `Text of ${id} & <more>.` });
const registry: Registry = { specVersion: '1.0.0', sections: [{ id: 'SIG', title: 'Signatures' }], requirements: [req('BEARER-SIG-1'), req('BEARER-SIG-2'), req('BEARER-SIG-3')] };

/** Everything a hostile server can put in a report: markup, quotes, control characters, a lone surrogate, "]]>", "#". */
const HOSTILE = `</failure><x a="1">&amp; ' " ]]> # \\ \u0000\u0001\u001b[31m\ud800 \uFFFE ok`;

function report(results: ScenarioResult[]): Report {
  return buildReport({
    suite: { name: 'bearer-conformance', version: '0.1.0' },
    registry,
    targets: [target('permissive', { secret: 'do-not-print-this-secret' }), target('signed-only', { requireSignature: true })],
    results,
    strict: false,
    startedAt: new Date(0),
    durationMs: 1234,
  });
}

function hostileResults(): ScenarioResult[] {
  const failing = result('sig.hostile', 'fail', ['BEARER-SIG-1', 'BEARER-SIG-2'], { targetName: 'permissive', failing: ['BEARER-SIG-2'], title: `a title with ${HOSTILE}` });
  failing.failure!.message = `the body is ${HOSTILE}`;
  failing.failure!.actual = { body: HOSTILE };
  failing.failure!.exchange!.response!.body = HOSTILE;
  failing.failure!.exchange!.response!.headers.push(['x-evil', HOSTILE]);
  const invariant = { ...failing.failure!, step: -1, stepName: 'sign up alice', requirements: ['BEARER-SIG-1'], check: 'invariant:status-below-500', message: 'the server answered 500' };
  failing.failures = [invariant, failing.failure!];
  failing.failure = invariant;
  return [
    result('sig.ok', 'pass', ['BEARER-SIG-1'], { targetName: 'permissive' }),
    failing,
    result('sig.skipped', 'skip', ['BEARER-SIG-3'], { targetName: 'permissive', reason: `Skipped: ${HOSTILE}` }),
    result('sig.errored', 'error', ['BEARER-SIG-3'], { targetName: 'signed-only' }),
  ];
}

test('the XML checker itself refuses broken documents', () => {
  const head = '<?xml version="1.0" encoding="UTF-8"?>';
  for (const bad of [`${head}<a><b></a></b>`, `${head}<a>x & y</a>`, `${head}<a t="<"/>`, `${head}<a>\u0001</a>`, `${head}<a/><b/>`, `${head}<a>`, `${head}<a x="1" x="2"/>`]) {
    assert.throws(() => parseXml(bad), undefined, bad);
  }
  assert.is(parseXml(`${head}<a x="&lt;&#10;">t&amp;t</a>`).attrs['x'], '<\n');
});

test('xml escaping: markup, quotes and whitespace in attributes, characters XML cannot hold', () => {
  assert.is(escapeText('a<b>&c'), 'a&lt;b&gt;&amp;c');
  assert.is(escapeAttr(`"'\n\t`), '&quot;&apos;&#10;&#9;');
  assert.is(xmlSafe('a\u0000b\ud800c\uFFFEd\u{1F600}'), 'a\uFFFDb\uFFFDc\uFFFDd\u{1F600}');
});

test('JUnit: well-formed with hostile content, one testsuite per target, one testcase per scenario', () => {
  const r = report(hostileResults());
  const xml = renderJunit(r);
  const root = parseXml(xml);
  assert.is(root.name, 'testsuites');
  assert.equal({ ...root.attrs, time: undefined, timestamp: undefined }, { name: 'bearer-conformance 0.1.0 (spec 1.0.0)', tests: '4', failures: '1', errors: '1', skipped: '1', time: undefined, timestamp: undefined });
  const suites = root.children.filter((c) => c.name === 'testsuite');
  assert.equal(suites.map((s) => [s.attrs['name'], s.attrs['tests'], s.attrs['failures'], s.attrs['errors'], s.attrs['skipped']]), [
    ['permissive', '3', '1', '0', '1'],
    ['signed-only', '1', '0', '1', '0'],
  ]);
  const props = Object.fromEntries(all(suites[0]!.children.find((c) => c.name === 'properties')!, 'property').map((p) => [p.attrs['name'], p.attrs['value']]));
  assert.is(props['target.url'], 'http://127.0.0.1:1/permissive');
  assert.is(props['spec_version'], '1.0.0');
  assert.is(props['target.secret_given'], 'true');

  const cases = all(root, 'testcase');
  assert.is(cases.length, 4);
  const failing = cases.find((c) => c.attrs['name']!.startsWith('sig.hostile: '))!;
  // name = id and title, hostile title and all, read back exactly (minus what XML cannot hold).
  assert.is(failing.attrs['name'], xmlSafe(`sig.hostile: a title with ${HOSTILE}`));
  assert.is(failing.attrs['classname'], '/suite/s.yaml');
  const reqProps = all(failing, 'property').filter((p) => p.attrs['name'] === 'requirement').map((p) => p.attrs['value']);
  assert.equal(reqProps, ['BEARER-SIG-1', 'BEARER-SIG-2']);
  const failedProps = all(failing, 'property').filter((p) => p.attrs['name'] === 'failed_requirement').map((p) => p.attrs['value']);
  assert.equal(failedProps, ['BEARER-SIG-1', 'BEARER-SIG-2']);
  const [failure] = all(failing, 'failure');
  assert.is(failure!.attrs['type'], 'invariant:status-below-500');
  assert.match(failure!.attrs['message']!, /^BEARER-SIG-1 \(MUST\): the server answered 500; expected null; actual \{"body":"<\/failure><x a=\\"1\\">&amp; .*; and 1 more failure$/);
  assert.not.ok(failure!.attrs['message']!.includes('\n'));
  // The body: every failure with its requirement text, the exchange with the hostile header, curl and rerun.
  assert.match(failure!.text, /failure 1 of 2:\n {2}the server answered 500\n {2}requirement: BEARER-SIG-1 \(MUST\): Text of BEARER-SIG-1 & <more>\./);
  assert.match(failure!.text, /requirement: BEARER-SIG-2 \(MUST\): Text of BEARER-SIG-2/);
  assert.match(failure!.text, /< x-evil: <\/failure><x a="1">&amp; ' " \]\]> # \\ \\x00\\x01\\x1b\[31m/);
  assert.match(failure!.text, /curl: {5}curl -sS -i -g --path-as-is/);
  assert.match(failure!.text, /rerun: {4}bearer-conformance --url http:\/\/127\.0\.0\.1:1\/permissive --secret "\$BEARER_CONFORMANCE_SECRET" --scenarios \/suite\/s\.yaml --grep '\^sig\\\.hostile\$'/);
  const skipped = all(cases.find((c) => c.attrs['name']!.startsWith('sig.skipped'))!, 'skipped')[0]!;
  assert.is(skipped.attrs['message'], xmlSafe(`Skipped: ${HOSTILE}`));
  const error = all(cases.find((c) => c.attrs['name']!.startsWith('sig.errored'))!, 'error')[0]!;
  assert.is(error.attrs['message'], 'request timed out after 10000 ms');
  assert.not.ok(xml.includes('do-not-print-this-secret'));
});

test('TAP 14: one point per scenario and target, SKIP with its reason, YAML diagnostics that parse back', () => {
  const r = report(hostileResults());
  const text = renderTap(r);
  const tap = parseTap(text);
  assert.is(tap.plan, 4);
  assert.equal(tap.points.map((p) => [p.n, p.ok]), [[1, true], [2, false], [3, true], [4, false]]);
  assert.is(tap.points[0]!.description, '[permissive] sig.ok: scenario sig.ok');
  assert.match(tap.points[2]!.directive!, /^SKIP Skipped: <\/failure>/);
  // '#' in a description or reason is escaped, so no directive can be smuggled in.
  assert.ok(tap.points[1]!.description.includes('\\# \\\\'));
  const y = tap.points[1]!.yaml!;
  assert.is(y['severity'], 'fail');
  assert.is(y['scenario'], 'sig.hostile');
  assert.equal(y['requirements'], ['BEARER-SIG-1', 'BEARER-SIG-2']);
  const failures = y['failures'] as { requirements: { id: string; level: string; text: string }[]; actual: unknown; exchange: string[]; curl: string; message: string }[];
  assert.is(failures.length, 2);
  assert.equal(failures[1]!.requirements, [{ id: 'BEARER-SIG-2', level: 'MUST', text: 'Text of BEARER-SIG-2 & <more>.' }]);
  // Hostile values survive the round trip exactly (YAML escapes what it must).
  assert.equal(failures[1]!.actual, { body: HOSTILE });
  assert.is(failures[1]!.message, `the body is ${HOSTILE}`);
  assert.ok(failures[1]!.exchange.some((l) => l.startsWith('< x-evil: </failure>')));
  assert.match(failures[1]!.curl, /^curl -sS -i -g --path-as-is /);
  assert.match(y['rerun'] as string, /--grep '\^sig\\\.hostile\$'$/);
  assert.is(tap.points[3]!.yaml!['severity'], 'error');
  assert.match(text, /\n# Verdict: NON-CONFORMING\. /);
  assert.not.ok(text.includes('do-not-print-this-secret'));
  assert.is(escapeDescription('a # b \\ c\nd'), 'a \\# b \\\\ c d');
});

test('unreachable: JUnit holds one testcase in error with the sentence, TAP bails out with it, HTML and Markdown say it; no secret in any', () => {
  const targets = [target('permissive', { secret: 'do-not-print-this-secret' }), target('signed-only', { requireSignature: true })];
  const error = new TargetUnreachableError(targets[0]!.url, 'UND_ERR_HEADERS_TIMEOUT', { timeoutMs: 300 });
  const r = buildUnreachableReport({ suite: { name: 'bearer-conformance', version: '0.1.0' }, specVersion: '1.0.0', targets, down: targets[0]!, error, startedAt: new Date(0), durationMs: 300 });

  const xml = renderJunitUnreachable(r);
  const root = parseXml(xml);
  assert.equal([root.name, root.attrs['tests'], root.attrs['errors'], root.attrs['failures']], ['testsuites', '1', '1', '0']);
  const suites = root.children.filter((c) => c.name === 'testsuite');
  assert.equal(suites.map((s) => [s.attrs['name'], s.attrs['tests'], s.attrs['errors']]), [['permissive', '1', '1'], ['signed-only', '0', '0']]);
  const props = Object.fromEntries(all(suites[0]!, 'property').map((p) => [p.attrs['name'], p.attrs['value']]));
  assert.equal([props['verdict'], props['report_format'], props['spec_version'], props['target.url'], props['target.secret_given']], ['unreachable', r.report_format, '1.0.0', 'http://127.0.0.1:1/permissive', 'true']);
  const [err] = all(root, 'error');
  assert.is(err!.attrs['type'], 'unreachable:silent');
  assert.is(err!.attrs['message'], error.message);
  assert.match(err!.text, /answered none of the requests within 300 ms/);
  assert.not.ok(xml.includes('do-not-print-this-secret'));

  const tap = renderTapUnreachable(r);
  assert.equal(tap.split('\n'), [
    'TAP version 14',
    `# bearer-conformance 0.1.0 (spec 1.0.0, report format ${r.report_format})`,
    '# target permissive: http://127.0.0.1:1/permissive',
    '# target signed-only: http://127.0.0.1:1/signed-only',
    `Bail out! ${error.message}`,
    '',
  ]);

  // HTML and Markdown: the verdict and the sentence, nothing judged.
  const html = renderHtmlUnreachable(r);
  assert.match(html, /<span class="word" id="verdict">UNREACHABLE<\/span>/);
  assert.ok(html.includes(escapeHtml(error.message)));
  const md = renderMarkdownUnreachable(r);
  assert.match(md, /^## ❔ UNREACHABLE: bearer-conformance 0\\\.1\\\.0 \(spec 1\\\.0\\\.0\)\n/);
  assert.match(md, /Nothing about the target was judged: target \*\*permissive\*\* at `http:\/\/127\.0\.0\.1:1\/permissive`, no answer \(`UND_ERR_HEADERS_TIMEOUT`\)\./);
  for (const text of [html, md]) assert.not.ok(text.includes('do-not-print-this-secret'));
});

test('--reporter specs: name or name:file, --output for json, one writer per place', () => {
  assert.equal(parseReporterSpecs(['console', 'junit:out/j.xml', 'tap:t.tap', 'json:r.json']), [
    { name: 'console' },
    { name: 'junit', output: 'out/j.xml' },
    { name: 'tap', output: 't.tap' },
    { name: 'json', output: 'r.json' },
  ]);
  assert.equal(parseReporterSpecs(['console', 'json'], 'r.json'), [{ name: 'console' }, { name: 'json', output: 'r.json' }]);
  assert.equal(parseReporterSpecs(['json:a.json', 'json:b.json']), [{ name: 'json', output: 'a.json' }, { name: 'json', output: 'b.json' }]);
  const message = (specs: string[], output?: string) => {
    try {
      parseReporterSpecs(specs, output);
    } catch (e) {
      assert.instance(e, UsageError);
      return (e as Error).message;
    }
    return 'no error';
  };
  assert.match(message(['xml']), /There is no reporter named "xml"; use --reporter console or --reporter json or --reporter junit or --reporter tap or --reporter html or --reporter markdown\./);
  assert.match(message(['console', 'tap']), /The console and tap reporters would both write to standard output; give one of them a file, for example --reporter tap:report\.tap\./);
  assert.match(message(['console', 'json']), /add --output <file> for the JSON report/);
  assert.match(message(['tap', 'tap']), /--reporter tap is given twice for standard output/);
  assert.match(message(['junit:x.xml', 'tap:x.xml']), /Two reporters would write to x\.xml/);
  assert.match(message(['junit:']), /names no file/);
  assert.match(message(['console'], 'r.json'), /add --reporter json/);
  assert.match(message(['json:a.json'], 'r.json'), /give the path once/);
});

test.run();
