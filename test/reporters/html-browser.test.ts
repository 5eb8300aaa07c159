// The HTML report in headless Chromium (Debian's, driven by puppeteer-core), opened from disk as a
// user would: the verdict, the matrix and a failure read through the DOM; a hostile target's strings
// shown as text and never run; the filters; a phone-sized viewport without sideways scrolling; the
// print style. Screenshots go to test-output/html-report/ (ignored by git) for a person to look at.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'puppeteer-core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { launchChromium, type Chromium } from '../../fixtures/browser/chromium.js';
import { printable } from '../../conformance/report/diagnostics.js';
import { renderHtml } from '../../conformance/reporters/html.js';
import { packageFile } from '../../conformance/suite/spec-files.js';
import { fixtureReport, HOSTILE } from '../support/report-fixture.js';
import { tempDir } from '../support/cli.js';

const SHOTS = packageFile('test-output/html-report');
const dir = tempDir();
const file = join(dir.path, 'report.html');
let chromium: Chromium;
let page: Page;
const pageErrors: string[] = [];
const dialogs: string[] = [];

test.before(async () => {
  writeFileSync(file, renderHtml(fixtureReport()));
  mkdirSync(SHOTS, { recursive: true });
  chromium = await launchChromium();
  page = await chromium.browser.newPage();
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  // Any request but the file itself would be the page reaching out; there must be none.
  await page.setRequestInterception(true);
  page.on('request', (r) => {
    if (r.url().split('#')[0] === pathToFileURL(file).href) void r.continue();
    else {
      pageErrors.push(`request to ${r.url()}`);
      void r.abort();
    }
  });
  await page.setViewport({ width: 1280, height: 900 });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
});

test.after(async () => {
  await chromium?.close();
  dir.remove();
});

test('the verdict and counts head the page', async () => {
  assert.is(await page.$eval('#verdict', (e) => e.textContent), 'NON-CONFORMING');
  assert.match((await page.$eval('#explanation', (e) => e.textContent)) ?? '', /BEARER-SIG-2/);
  await page.screenshot({ path: join(SHOTS, 'desktop.png') });
});

test('the matrix: one row per requirement, grouped by section, one coloured cell per target', async () => {
  const rows = await page.$$eval('#matrix tbody', (bodies) =>
    bodies.map((b) => ({
      section: b.querySelector('tr.section')!.textContent,
      rows: [...b.querySelectorAll('tr.f')].map((tr) => [tr.querySelector('code')!.textContent, tr.getAttribute('data-verdict'), ...[...tr.querySelectorAll('td')].map((td) => `${td.className}:${td.textContent}`)]),
    })),
  );
  assert.equal(rows, [
    {
      section: 'Signed and unsigned tokens',
      rows: [
        ['BEARER-SIG-1', 'pass', 'v v-pass:PASS 2', 'v v-pass:PASS 1'],
        ['BEARER-SIG-2', 'fail', 'v v-fail:FAIL 1', 'v v-fail:FAIL 1'],
        ['BEARER-SIG-3', 'skip', 'v v-skip:SKIP', 'v v-not-run:NOT RUN'],
      ],
    },
    {
      section: 'The set-auth-token header',
      rows: [
        ['BEARER-EMIT-1', 'fail', 'v v-fail:FAIL 12', 'v v-not-run:NOT RUN'],
        ['BEARER-EMIT-2', 'warn', 'v v-warn:WARN 1', 'v v-not-run:NOT RUN'],
        ['BEARER-EMIT-3', 'inconclusive', 'v v-not-run:NOT RUN', 'v v-inconclusive:INCONCLUSIVE'],
        ['BEARER-EMIT-4', 'not-run', 'v v-not-run:NOT RUN', 'v v-not-run:NOT RUN'],
      ],
    },
  ]);
  // Colours differ by verdict (the computed style, not just the class name).
  const colours = await page.$$eval('#matrix td.v', (cells) => new Set(cells.map((c) => getComputedStyle(c).backgroundColor)).size);
  assert.ok(colours >= 5, `${colours} background colours`);
});

test('a failure: requirement text, expected and actual, JSON diff, exchange, curl and rerun; hostile text shown literally', async () => {
  await page.click('#m-BEARER-SIG-2 a');
  const failure = await page.$eval('#req-BEARER-SIG-2', (a) => ({
    text: a.querySelector('blockquote')!.textContent,
    code: a.querySelector('blockquote code')!.textContent,
    results: [...a.querySelectorAll('details.result')].map((d) => ({
      scenario: d.getAttribute('data-scenario'),
      open: (d as HTMLDetailsElement).open,
      message: d.querySelector('.message')!.textContent,
      expected: d.querySelector('.expected pre')!.textContent,
      actual: d.querySelector('.actual pre')!.textContent,
      diff: [...d.querySelectorAll('table.diff tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)),
      exchange: d.querySelector('details.exchange pre')!.textContent,
      curl: d.querySelector('pre.curl')!.textContent,
      rerun: d.querySelector('pre.rerun')!.textContent,
    })),
  }));
  assert.is(failure.text, 'Text of BEARER-SIG-2: the server answers 200 & <never> 500.');
  assert.is(failure.code, '200');
  const [hostile, json] = failure.results;
  assert.is(hostile!.scenario, 'sig.hostile');
  assert.ok(hostile!.open);
  // What the target sent reads back exactly as the console would print it (control characters as \xNN).
  const shown = printable(HOSTILE).replace('\u202e', '\\u{202e}').replace('\ud800', '\ufffd');
  assert.is(hostile!.message, `the body is ${shown}`);
  assert.ok(hostile!.actual.includes(JSON.stringify(HOSTILE).slice(1, 20)));
  assert.ok(hostile!.exchange.includes(`< x-evil: ${shown}`), hostile!.exchange);
  assert.match(hostile!.curl, /^curl -sS -i -g --path-as-is .*'http:\/\/127\.0\.0\.1:1\/api\/auth\/get-session'$/);
  assert.match(hostile!.rerun, /^bearer-conformance --url http:\/\/127\.0\.0\.1:1\/permissive --secret "\$BEARER_CONFORMANCE_SECRET" .*--grep '\^sig\\\.hostile\$'$/);
  assert.is(json!.scenario, 'sig.json');
  assert.equal(JSON.parse(json!.expected), { user: { id: 'u-alice', email: 'alice@x' } });
  assert.equal(json!.diff, [['/user/id', '"u-alice"', '"u-bob"']]);
  // Nothing the target sent ran or added an element.
  assert.is(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
  assert.is(await page.$$eval('img', (l) => l.length), 0);
  assert.is(await page.$$eval('script', (l) => l.length), 1);
  assert.equal(dialogs, []);
  await page.screenshot({ path: join(SHOTS, 'failure.png') });
});

test('filters by verdict and by section hide rows and failures, and "Show all" brings them back', async () => {
  const visible = () => page.$$eval('#matrix tr.f', (rows) => rows.filter((r) => (r as HTMLElement).offsetParent !== null).map((r) => r.id));
  assert.is((await visible()).length, 7);
  await page.click('input[name=verdict][value=pass]');
  await page.click('input[name=verdict][value=not-run]');
  assert.equal(await visible(), ['m-BEARER-SIG-2', 'm-BEARER-SIG-3', 'm-BEARER-EMIT-1', 'm-BEARER-EMIT-2', 'm-BEARER-EMIT-3']);
  await page.select('select[name=section]', 'EMIT');
  assert.equal(await visible(), ['m-BEARER-EMIT-1', 'm-BEARER-EMIT-2', 'm-BEARER-EMIT-3']);
  assert.ok(await page.$eval('#req-BEARER-SIG-2', (a) => (a as HTMLElement).hidden));
  assert.match((await page.$eval('#shown', (e) => e.textContent)) ?? '', /^3 of 7 requirements shown$/);
  await page.click('button[type=reset]');
  await page.waitForFunction(() => document.querySelectorAll('#matrix tr.f:not([hidden])').length === 7);
});

test('on a phone the page does not scroll sideways; printed, the filters go and collapsed blocks open', async () => {
  await page.setViewport({ width: 390, height: 844, isMobile: true });
  await page.reload({ waitUntil: 'load' });
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `page is ${width} px wide`);
  await page.screenshot({ path: join(SHOTS, 'phone.png') });
  await page.setViewport({ width: 1000, height: 1400 });
  await page.emulateMediaType('print');
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  assert.is(await page.$eval('#filters', (f) => getComputedStyle(f).display), 'none');
  assert.is(await page.$$eval('details:not([open])', (l) => l.length), 0);
  await page.screenshot({ path: join(SHOTS, 'print.png') });
  assert.equal(pageErrors, []);
});

test.run();
