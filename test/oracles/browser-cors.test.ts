// The browser oracle: headless Chromium on the trusted origin runs the documented credentialed flow
// against the reference and a family of CORS variants of it (fixtures/browser/variants.ts), and the
// whole bundled suite runs against the same variants. The suite's CORS verdicts must equal what the
// browser could do, variant by variant:
//   BEARER-CORS-1 passes  <=>  browser code reads set-auth-token
//   BEARER-CORS-2 passes  <=>  browser code reads the application's exposed header
//   BEARER-CORS-4 passes  <=>  browser code sends a bearer request and reads its answer
//   CORS-1 and CORS-4 pass <=> the documented flow works end to end
// BEARER-CORS-3 (a name listed twice) is invisible to browsers: it is shown, never compared.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { clientHeaders, clientOrigin } from '../../conformance/engine/clients.js';
import { buildMatrix, claimedRequirements } from '../../conformance/judge/verdict.js';
import { loadRegistry } from '../../conformance/suite/registry.js';
import { launchChromium } from '../../fixtures/browser/chromium.js';
import { startCaptureServer, type CapturedRequest } from '../../fixtures/clients/capture.js';
import { BrowserOracle, type BrowserCapability, type Capabilities } from '../../fixtures/browser/oracle.js';
import { servePage } from '../../fixtures/browser/page.js';
import { CORS_VARIANTS, type CorsVariant } from '../../fixtures/browser/variants.js';
import { loadBundledSuite } from '../../fixtures/mutants/bundled-suite.js';
import { startSubject, type Configuration } from '../../fixtures/mutants/servers.js';
import { MUTANTS_PASSWORD_HASH_COST, runSubject } from '../../fixtures/mutants/suite.js';

const CAPABILITIES: BrowserCapability[] = ['flow', 'readsToken', 'readsAppNames', 'sendsBearer'];
const CORS = ['BEARER-CORS-1', 'BEARER-CORS-2', 'BEARER-CORS-3', 'BEARER-CORS-4'] as const;

/** The server set-up of a variant: the browser's page origin is its trusted origin. */
function configurationOf(variant: CorsVariant, origin: string): Configuration {
  return { name: 'browser', profile: 'permissive', exposeHeaders: variant.exposeHeaders, origin, sendsExposedHeaders: true };
}

interface Row {
  variant: CorsVariant;
  browser: Capabilities;
  /** The suite's verdict per CORS requirement: pass, fail, skip or inconclusive. */
  suite: Record<(typeof CORS)[number], string>;
}

const rows: Row[] = [];
/** Requests Chromium sent from the page to a capture server on another port of localhost. */
let captured: CapturedRequest[] = [];
let pageOrigin = '';
let captureUrl = '';

test.before(async () => {
  const page = await servePage();
  const [chromium, scenarios, registry] = await Promise.all([launchChromium(), loadBundledSuite(), loadRegistry()]);
  try {
    const oracle = await BrowserOracle.open(chromium.browser, page.origin);
    const capture = await startCaptureServer();
    try {
      pageOrigin = page.origin;
      captureUrl = capture.url.replace('//127.0.0.1:', '//localhost:');
      // The capture server sends no CORS headers, so script cannot read its answers; the requests are what count.
      await oracle.fetchFromPage(`${captureUrl}/get`, 'GET');
      await oracle.fetchFromPage(`${captureUrl}/post`, 'POST', '{}');
      captured = [...capture.requests];
    } finally {
      await capture.close();
    }
    for (const [i, variant] of CORS_VARIANTS.entries()) {
      const configuration = configurationOf(variant, page.origin);
      // The suite runs while the browser works on the variant's own server; neither waits on the other.
      const suiteRun = runSubject(variant.build, scenarios, { passwordHashCost: MUTANTS_PASSWORD_HASH_COST }, [configuration]);
      const running = await startSubject(variant.build, configuration, MUTANTS_PASSWORD_HASH_COST);
      let browser: Capabilities;
      try {
        // The page calls the target by name, so both are one site (localhost) and its cookie is first-party.
        const url = running.target.url.replace('//127.0.0.1:', '//localhost:');
        browser = await oracle.capabilities({ url, exposedHeaders: variant.exposeHeaders }, `variant-${i}@example.com`);
      } finally {
        await running.close();
      }
      const outcome = await suiteRun;
      if (outcome.error) throw new Error(`the suite could not run against ${variant.id}: ${outcome.error}`);
      const matrix = buildMatrix(claimedRequirements(registry), ['browser'], outcome.results);
      const verdict = (id: string) => matrix.find((r) => r.id === id)?.verdict ?? 'missing';
      rows.push({ variant, browser, suite: { 'BEARER-CORS-1': verdict('BEARER-CORS-1'), 'BEARER-CORS-2': verdict('BEARER-CORS-2'), 'BEARER-CORS-3': verdict('BEARER-CORS-3'), 'BEARER-CORS-4': verdict('BEARER-CORS-4') } });
    }
    await oracle.close();
  } finally {
    await chromium.close();
    await page.close();
  }
  // The table of the closing note of issue 12; uvu shows it with the test output.
  const yes = (b: boolean) => (b ? 'yes' : 'no');
  console.log(['variant | flow | reads token | reads app header | sends bearer | suite CORS-1 | CORS-2 | CORS-3 | CORS-4', ...rows.map((r) =>
    [r.variant.id, yes(r.browser.flow), yes(r.browser.readsToken), yes(r.browser.readsAppNames), yes(r.browser.sendsBearer), ...CORS.map((c) => r.suite[c])].join(' | '))].join('\n'));
});

test("the suite's browser client sends what Chromium sends: Origin and Fetch Metadata, on GET and POST", () => {
  assert.is(captured.length, 2);
  const target = { origin: pageOrigin };
  for (const request of captured) {
    const ours = [['origin', clientOrigin('browser', target)!], ...clientHeaders('browser', target, `${captureUrl}${request.path}`)];
    const theirs = ours.map(([name]) => [name, request.headers.find(([n]) => n === name)?.[1] ?? null]);
    assert.equal(theirs, ours, `${request.method} ${request.path}: ${JSON.stringify(request.headers)}`);
  }
});

test('every capability is seen both ways: the reference can do all, each is missing on some variant', () => {
  const reference = rows[0]!.browser;
  for (const capability of CAPABILITIES) {
    assert.ok(reference[capability], `the browser cannot do '${capability}' against the reference: ${JSON.stringify(reference)}`);
    assert.ok(rows.some((r) => !r.browser[capability]), `no variant takes '${capability}' away, so the oracle never shows it failing`);
  }
});

test('what the browser could do on each variant is what the family says', () => {
  const wrong: string[] = [];
  for (const { variant, browser } of rows) {
    const cannot = CAPABILITIES.filter((c) => !browser[c]);
    if (cannot.join() !== variant.browserCannot.join()) {
      wrong.push(`${variant.id}: the browser could not do [${cannot.join(', ')}], the family says [${variant.browserCannot.join(', ')}] (Chromium said: ${browser.corsErrors.join('; ') || 'nothing'})`);
    }
  }
  assert.equal(wrong, []);
});

test("the suite's CORS verdicts equal what the browser could do, variant by variant", () => {
  const disagreements: string[] = [];
  for (const { variant, browser, suite } of rows) {
    const passes = (id: (typeof CORS)[number]) => suite[id] === 'pass';
    const pairs: [string, boolean, boolean][] = [
      ['BEARER-CORS-1 / reads set-auth-token', passes('BEARER-CORS-1'), browser.readsToken],
      ['BEARER-CORS-2 / reads the application header', passes('BEARER-CORS-2'), browser.readsAppNames],
      ['BEARER-CORS-4 / sends a bearer request', passes('BEARER-CORS-4'), browser.sendsBearer],
      ['BEARER-CORS-1 and -4 / the documented flow', passes('BEARER-CORS-1') && passes('BEARER-CORS-4'), browser.flow],
    ];
    for (const [what, suitePasses, browserCan] of pairs) {
      if (suitePasses !== browserCan) disagreements.push(`${variant.id}: ${what}: the suite says ${suitePasses ? 'pass' : 'fail'}, the browser ${browserCan ? 'could' : 'could not'} (Chromium said: ${browser.corsErrors.join('; ') || 'nothing'})`);
    }
  }
  assert.equal(disagreements, []);
});

test('a name listed twice fails only BEARER-CORS-3, a SHOULD, and the browser does everything', () => {
  const duplicates = rows.find((r) => r.variant.id === 'cors.duplicates')!;
  assert.equal(duplicates.suite, { 'BEARER-CORS-1': 'pass', 'BEARER-CORS-2': 'pass', 'BEARER-CORS-3': 'fail', 'BEARER-CORS-4': 'pass' });
  assert.ok(CAPABILITIES.every((c) => duplicates.browser[c]));
});

test.run();
