// The browser oracle: headless Chromium on the trusted origin runs the documented credentialed flow
// against the reference and a family of CORS variants of it (fixtures/browser/variants.ts). What the
// browser could do on each variant is checked against what the family says it can do, so a change
// of Chromium or of a variant shows here first.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { launchChromium } from '../../fixtures/browser/chromium.js';
import { BrowserOracle, type BrowserCapability, type Capabilities } from '../../fixtures/browser/oracle.js';
import { servePage } from '../../fixtures/browser/page.js';
import { CORS_VARIANTS, variantName, type CorsVariant } from '../../fixtures/browser/variants.js';
import { startSubject, type Configuration } from '../../fixtures/mutants/servers.js';

const CAPABILITIES: BrowserCapability[] = ['flow', 'readsToken', 'readsAppNames', 'sendsBearer'];

/** The server set-up of a variant: the browser's page origin is its trusted origin. */
function configurationOf(variant: CorsVariant, origin: string): Configuration {
  return { name: 'browser', profile: 'permissive', exposeHeaders: variant.exposeHeaders, origin, sendsExposedHeaders: true };
}

const observed = new Map<CorsVariant, Capabilities>();

test.before(async () => {
  const page = await servePage();
  const chromium = await launchChromium();
  try {
    const oracle = await BrowserOracle.open(chromium.browser, page.origin);
    for (const [i, variant] of CORS_VARIANTS.entries()) {
      const running = await startSubject(variant.mutant, configurationOf(variant, page.origin));
      try {
        // The page calls the target by name, so both are one site (localhost) and its cookie is first-party.
        const url = running.target.url.replace('//127.0.0.1:', '//localhost:');
        observed.set(variant, await oracle.capabilities({ url, exposedHeaders: variant.exposeHeaders }, `variant-${i}@example.com`));
      } finally {
        await running.close();
      }
    }
    await oracle.close();
  } finally {
    await chromium.close();
    await page.close();
  }
});

test('every capability is seen both ways: the reference can do all, each is missing on some variant', () => {
  const reference = observed.get(CORS_VARIANTS[0]!)!;
  for (const capability of CAPABILITIES) {
    assert.ok(reference[capability], `the browser cannot do '${capability}' against the reference: ${JSON.stringify(reference)}`);
    assert.ok(CORS_VARIANTS.some((v) => !observed.get(v)![capability]), `no variant takes '${capability}' away, so the oracle never shows it failing`);
  }
});

test('what the browser could do on each variant is what the family says', () => {
  const wrong: string[] = [];
  for (const variant of CORS_VARIANTS) {
    const seen = observed.get(variant)!;
    const cannot = CAPABILITIES.filter((c) => !seen[c]);
    if (cannot.join() !== variant.browserCannot.join()) {
      wrong.push(`${variantName(variant)}: the browser could not do [${cannot.join(', ')}], the family says [${variant.browserCannot.join(', ')}] (Chromium said: ${seen.corsErrors.join('; ') || 'nothing'})`);
    }
  }
  assert.equal(wrong, []);
});

test.run();
