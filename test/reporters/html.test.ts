// The HTML report as text: escaping of everything a target sends, a page that can load nothing from
// anywhere (its policy allows only its own style and script, by hash), redaction, and bounded size.
// html-browser.test.ts opens the page in Chromium.
import { createHash } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { printable } from '../../conformance/report/diagnostics.js';
import { escapeHtml, MAX_FULL_RESULTS, renderHtml } from '../../conformance/reporters/html.js';
import { fixtureReport, HOSTILE, SECRET, TOKEN } from '../support/report-fixture.js';

test('printable (every report, the console included): control characters, bidi controls and lone surrogates neutralised', () => {
  assert.is(printable('a\u0007b\u009bc'), 'a\\x07b\\x9bc');
  assert.is(printable('pay \u202eusd01\u202c and \u2066x\u2069'), 'pay \\u{202e}usd01\\u{202c} and \\u{2066}x\\u{2069}');
  assert.is(printable('\ud83d\ude00 \ud83d \ude00'), '\ud83d\ude00 \ufffd \ufffd');
});

test('escapeHtml: markup and quotes as entities, control characters as \\xNN, lone surrogates and bidi overrides neutralised', () => {
  assert.is(escapeHtml(`</script><img src=x onerror="a('b')">&`), '&lt;/script&gt;&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;');
  assert.is(escapeHtml('a\u0000b\u001bc\u007fd\te\n'), 'a\\x00b\\x1bc\\x7fd\te\n');
  assert.is(escapeHtml('x\ud800y\udc00z\u{1F600}'), 'x\ufffdy\ufffdz\u{1F600}');
  assert.is(escapeHtml('abc\u202eevil'), 'abc\\u{202e}evil');
});

test('a hostile target cannot add markup: one script (ours), no image, every hostile string escaped', () => {
  const html = renderHtml(fixtureReport());
  assert.is(html.split('<script').length - 1, 1);
  assert.is(html.split('</script>').length - 1, 1);
  assert.not.ok(/<img/i.test(html));
  assert.not.ok(html.includes('window.__pwned=1</script>'));
  assert.ok(html.includes(escapeHtml(`the body is ${HOSTILE}`)));
  assert.not.ok(html.includes('\u0000') || html.includes('\u001b') || html.includes('\u202e'));
  // Every link stays inside the page; nothing has a source.
  for (const [, href] of html.matchAll(/href="([^"]*)"/g)) assert.ok(href!.startsWith('#'), href);
  assert.not.ok(/\ssrc=/.test(html.replace(/&lt;img src=x/g, '')));
});

test('the policy allows exactly the inline style and script the page has, by hash, and nothing else', () => {
  const html = renderHtml(fixtureReport());
  const policy = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)![1]!;
  const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
  const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
  const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
  assert.ok(policy.includes("default-src 'none'"));
  assert.ok(policy.includes(`style-src ${hash(style)}`), policy);
  assert.ok(policy.includes(`script-src ${hash(script)}`), policy);
  assert.not.ok(policy.includes('unsafe'));
});

test('the secret never appears; with --redact-tokens the tokens are labels', () => {
  const plain = renderHtml(fixtureReport());
  assert.not.ok(plain.includes(SECRET));
  assert.ok(plain.includes(TOKEN));
  const redacted = renderHtml(fixtureReport({ redactTokens: true }));
  assert.not.ok(redacted.includes(TOKEN));
  assert.ok(redacted.includes('&lt;redacted:alice.token&gt;'));
  assert.ok(redacted.includes('--redact-tokens'));
});

test('the summary holds one command per target that reruns the scenarios of the failing requirements', () => {
  const html = renderHtml(fixtureReport());
  const block = /<pre class="cmd rerun-all">([^<]*)<\/pre>/.exec(html)![1]!.split('\n');
  assert.equal(block, [
    'bearer-conformance --url http://127.0.0.1:1/permissive --secret &quot;$BEARER_CONFORMANCE_SECRET&quot; --scenarios /suite/s.yaml --requirement BEARER-SIG-2 --requirement BEARER-EMIT-1 --requirement BEARER-EMIT-2',
    'bearer-conformance --url http://127.0.0.1:1/signed-only --require-signature --scenarios /suite/s.yaml --requirement BEARER-SIG-2 --requirement BEARER-EMIT-1 --requirement BEARER-EMIT-2',
  ]);
});

test('a requirement with many failing scenarios shows the first ones in full and the rest one line each', () => {
  const html = renderHtml(fixtureReport());
  const article = /<article[^>]*id="req-BEARER-EMIT-1"[\s\S]*?<\/article>/.exec(html)![0];
  assert.is(article.split('<details class="result"').length - 1, MAX_FULL_RESULTS);
  assert.match(article, /2 more failing scenarios \(one line each/);
  assert.is(article.split('class="cmd rerun"').length - 1, MAX_FULL_RESULTS);
});

test.run();
