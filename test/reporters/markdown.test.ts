// The Markdown report: what a CI summary shows (verdict, counts, matrix, failing requirements with
// their rerun commands), escaping of a hostile target's text for GitHub's Markdown, and the cut at
// the step-summary size limit.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { codeSpan, escapeMarkdown, renderMarkdown } from '../../conformance/reporters/markdown.js';
import type { ScenarioResult } from '../../conformance/model/result.js';
import { result } from '../support/cli.js';
import { fixtureReport, results, SECRET, TOKEN } from '../support/report-fixture.js';

/** The text outside fenced code blocks and code spans, where Markdown and HTML are interpreted. */
function interpreted(md: string): string {
  const out: string[] = [];
  let fence: string | undefined;
  for (const line of md.split('\n')) {
    const m = /^(`{3,})/.exec(line);
    if (m && (fence === undefined || line.trim() === fence)) {
      fence = fence === undefined ? m[1] : undefined;
      continue;
    }
    if (fence === undefined) out.push(line.replace(/(`+)(?:(?!\1)[\s\S])*?\1/g, ''));
  }
  return out.join('\n');
}

test('escapeMarkdown: tags, links, images, mentions, references, math and table pipes stay text', () => {
  assert.is(escapeMarkdown('<img src=x>'), '\\<img src=x\\>');
  assert.is(escapeMarkdown('![a](http://x) @admin #12 $x$ a|b *c* _d_'), '\\!\\[a\\]\\(http\\://x\\) \\@admin \\#12 \\$x\\$ a\\|b \\*c\\* \\_d\\_');
  assert.is(escapeMarkdown('a\nb\u0000&amp;'), 'a b\\\\x00&amp;amp;');
});

test('codeSpan: any number of backticks inside', () => {
  assert.is(codeSpan('a'), '`a`');
  assert.is(codeSpan('a`b'), '`` a`b ``');
  assert.is(codeSpan('``x'), '``` ``x ```');
});

test('verdict, counts, the matrix, failing requirements with reruns, and the first failure of each', () => {
  const md = renderMarkdown(fixtureReport());
  assert.match(md, /^## ❌ NON-CONFORMING: bearer-conformance 0\\\.1\\\.0 \(spec 1\\\.0\\\.0\)\n/);
  assert.match(md, /\*\*Requirements\*\* 7: 1 pass, 2 fail, 1 warn, 2 skipped, 1 inconclusive\. \*\*Scenarios\*\* 18 \(19 runs\) on 2 targets/);
  assert.ok(md.includes('| Requirement | Level | permissive | signed\\-only |') || md.includes('| Requirement | Level | permissive | signed-only |'));
  assert.ok(md.includes('| BEARER-SIG-2 Title of BEARER-SIG-2 | MUST | ❌ FAIL | ❌ FAIL |'));
  assert.ok(md.includes('| BEARER-EMIT-2 Title of BEARER-EMIT-2 | SHOULD | ⚠️ WARN | ➖ NOT RUN |'));
  assert.ok(md.includes('| **The set\\-auth\\-token header** | | | |') || md.includes('| **The set-auth-token header** | | | |'));
  const failing = md.split('\n').filter((l) => l.startsWith('- ❌') || l.startsWith('- ⚠️'));
  assert.is(failing.length, 3);
  assert.match(failing[0]!, /^- ❌ \*\*BEARER-SIG-2\*\* \(MUST\) Title of BEARER-SIG-2 \(2 failing scenario runs\): `sig\.hostile` on permissive, step 2 "get-session with the raw token": the body is .*Rerun: `bearer-conformance --url http:\/\/127\.0\.0\.1:1\/permissive --secret "\$BEARER_CONFORMANCE_SECRET" --scenarios \/suite\/s\.yaml --grep '\^sig\\\.hostile\$'`$/);
  assert.match(md, /<details><summary>BEARER-SIG-2 · sig\.hostile \[permissive\]: the body is &#60;\/script&#62;/);
  // One command per target reruns the scenarios of every failing requirement.
  const reruns = md.split('Rerun the scenarios of the failing requirements:\n\n```sh\n')[1]!.split('\n```')[0]!.split('\n');
  const ids = '--requirement BEARER-SIG-2 --requirement BEARER-EMIT-1 --requirement BEARER-EMIT-2';
  assert.equal(reruns, [
    `bearer-conformance --url http://127.0.0.1:1/permissive --secret "$BEARER_CONFORMANCE_SECRET" --scenarios /suite/s.yaml ${ids}`,
    `bearer-conformance --url http://127.0.0.1:1/signed-only --require-signature --scenarios /suite/s.yaml ${ids}`,
  ]);
  assert.is(md.split('<details>').length, md.split('</details>').length);
  assert.not.ok(md.includes(SECRET));
  assert.ok(md.includes(TOKEN));
  assert.not.ok(renderMarkdown(fixtureReport({ redactTokens: true })).includes(TOKEN));
});

test('a hostile target cannot add markup, links or mentions where Markdown is interpreted', () => {
  const md = renderMarkdown(fixtureReport());
  // Nowhere, not even in code blocks, a bidirectional override or a lone surrogate.
  assert.not.ok(/[\u202e\ud800]/.test(md));
  const text = interpreted(md);
  const ours = text.replace(/<\/?(details|summary|sub)>/g, '');
  assert.not.ok(/(^|[^\\])<[a-z/!]/i.test(ours), ours.match(/.{0,40}[^\\]<[a-z/!].{0,40}/i)?.[0]);
  assert.not.ok(/(^|[^\\])@[a-z]/i.test(ours));
  assert.not.ok(/(^|[^\\])\]\(/.test(ours));
  assert.not.ok(/[\u0000-\u0008\u000b-\u001f]/.test(text));
});

test('a report too large for a step summary is cut at a line, closing what is open, with a note', () => {
  const many: ScenarioResult[] = [...results()];
  for (let i = 0; i < 40; i++) {
    const r = result(`emit.big-${i}`, 'fail', [`BEARER-EMIT-${(i % 3) + 1}`], { targetName: 'permissive' });
    r.failure!.actual = 'x'.repeat(5000);
    many.push(r);
  }
  const full = renderMarkdown(fixtureReport({ results: many }));
  const size = Buffer.byteLength(full);
  for (const max of [Math.round(size / 4), Math.round(size / 2), Math.round((size * 3) / 4), size - 1]) {
    const md = renderMarkdown(fixtureReport({ results: many }), { maxBytes: max });
    assert.ok(Buffer.byteLength(md) <= max, `${Buffer.byteLength(md)} > ${max}`);
    assert.match(md, /_Cut to fit \d+ KiB \(GitHub's limit for a step summary\): \d+ more lines are in the full report/);
    assert.ok(md.startsWith(full.slice(0, 200)));
    assert.is(md.split('<details>').length, md.split('</details>').length, `details balanced at ${max}`);
    assert.is((md.match(/^```/gm) ?? []).length % 2, 0, `fences balanced at ${max}`);
  }
  assert.not.match(renderMarkdown(fixtureReport()), /Cut to fit/);
});

test.run();
