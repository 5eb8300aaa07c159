// Templates and filters: the exact algorithms of INTERPRETING.md, checked on fixed inputs and on the
// published HMAC vectors (spec/vectors/hmac.json).
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { applyFilter, filterProblem, FilterError } from '../../conformance/suite/filters.js';
import { hmacBase64, signValue, verifySigned, WRONG_SECRET } from '../../conformance/suite/sign.js';
import { specFile } from '../../conformance/suite/spec-files.js';
import { expandJson, expandTemplate, parseTemplate, TemplateError, TemplateSyntaxError, type Scope } from '../../conformance/suite/template.js';

const SIGNED = '5vcXSDqZPBDotGrEZYiVfxeezlb1Plsq.gc+lAVAwHPm5WmtkeKzwYj0oqJf8ZK+jcxkM6LOkO1Y=';
const vars: Record<string, string> = { 'alice.signed': SIGNED, 'alice.token': '5vcXSDqZPBDotGrEZYiVfxeezlb1Plsq', sid: 's-1', odd: 'a.A', bad: '%E0%A4%A' };
const scope: Scope = { secret: 'conformance-vector-secret-0123456789', lookup: (v) => vars[v] };

test('parsing: literals, $$, expressions with filters and arguments', () => {
  assert.equal(parseTemplate(''), ['']);
  assert.equal(parseTemplate('plain $ text'), ['plain $ text']);
  assert.equal(parseTemplate('$${x}'), ['${x}']);
  assert.equal(parseTemplate('a${ alice.signed | unsigned |repeat( 3 ) }b'), [
    'a',
    { variable: 'alice.signed', filters: [{ name: 'unsigned' }, { name: 'repeat', arg: 3 }], source: ' alice.signed | unsigned |repeat( 3 ) ' },
    'b',
  ]);
  assert.throws(() => parseTemplate('${x'), (e: unknown) => e instanceof TemplateSyntaxError);
  assert.throws(() => parseTemplate('${}'), (e: unknown) => e instanceof TemplateSyntaxError);
  assert.throws(() => parseTemplate('${Alice.x}'), (e: unknown) => e instanceof TemplateSyntaxError);
  assert.throws(() => parseTemplate('${x | re-peat}'), (e: unknown) => e instanceof TemplateSyntaxError);
});

test('expansion is single-pass: substituted values are not re-scanned', () => {
  const s: Scope = { lookup: (v) => (v === 'x' ? '${y}' : 'Y') };
  assert.is(expandTemplate('<${x}>', s), '<${y}>');
  assert.is(expandTemplate('Bearer ${alice.signed}', scope), `Bearer ${SIGNED}`);
  assert.is(expandTemplate('$$${sid}$$', scope), '$s-1$');
});

test('percent_encode and percent_decode', () => {
  const encoded = expandTemplate('${alice.signed | percent_encode}', scope);
  assert.is(encoded, '5vcXSDqZPBDotGrEZYiVfxeezlb1Plsq.gc%2BlAVAwHPm5WmtkeKzwYj0oqJf8ZK%2BjcxkM6LOkO1Y%3D');
  assert.is(applyFilter({ name: 'percent_decode' }, encoded, {}), SIGNED);
  assert.is(applyFilter({ name: 'percent_encode' }, "a b/é!'()*", {}), "a%20b%2F%C3%A9!'()*");
  assert.throws(() => applyFilter({ name: 'percent_decode' }, '%E0%A4%A', {}), (e: unknown) => e instanceof FilterError);
});

test('unsigned and signature split at the first dot', () => {
  assert.is(expandTemplate('${alice.signed | unsigned}', scope), vars['alice.token']);
  assert.is(expandTemplate('${alice.signed | signature}', scope), 'gc+lAVAwHPm5WmtkeKzwYj0oqJf8ZK+jcxkM6LOkO1Y=');
  assert.is(applyFilter({ name: 'unsigned' }, 'a.b.c', {}), 'a');
  assert.is(applyFilter({ name: 'signature' }, 'a.b.c', {}), 'b.c');
  assert.is(applyFilter({ name: 'unsigned' }, 'abc', {}), 'abc');
  assert.is(applyFilter({ name: 'signature' }, 'abc', {}), '');
});

test('tamper replaces the first signature character with A, or B when it is A', () => {
  assert.is(expandTemplate('${alice.signed | tamper}', scope), SIGNED.replace('.g', '.A'));
  assert.is(expandTemplate('${odd | tamper}', scope), 'a.B');
  assert.throws(() => applyFilter({ name: 'tamper' }, 'nodot', {}), /no signature/);
  assert.throws(() => applyFilter({ name: 'tamper' }, 'dot.', {}), /no signature/);
});

test('accent, append_space, append_nul: the storage variants of issue 17, exactly as INTERPRETING.md section 7 lists them', () => {
  assert.is(applyFilter({ name: 'accent' }, 'aceinouyACEINOUY-bdz09', {}), '\u00e1\u00e7\u00e9\u00ed\u00f1\u00f3\u00fa\u00fd\u00c1\u00c7\u00c9\u00cd\u00d1\u00d3\u00da\u00dd-bdz09');
  assert.throws(() => applyFilter({ name: 'accent' }, 'BDFGHJ123', {}), /accent: 'BDFGHJ123' has no letter with an accented Latin-1 form/);
  assert.is(applyFilter({ name: 'append_space' }, 'tok', {}), 'tok ');
  assert.is(applyFilter({ name: 'append_nul' }, 'tok', {}), 'tok\u0000');
  // Chained as the scenarios chain them: the variant is signed, then percent-encoded for the header.
  const signed = applyFilter({ name: 'sign' }, applyFilter({ name: 'append_nul' }, 'tok', {}), { secret: 's' });
  assert.ok(encodeURIComponent(signed).startsWith('tok%00.'));
});

test('swap_case swaps the case of ASCII letters and leaves everything else', () => {
  assert.is(applyFilter({ name: 'swap_case' }, 'aBc09xYz.+/=é', {}), 'AbC09XyZ.+/=é');
  assert.is(applyFilter({ name: 'swap_case' }, '', {}), '');
  assert.is(filterProblem({ name: 'swap_case', arg: 1 }), "filter 'swap_case' takes no argument");
});

test('sign and sign_wrong_secret follow better-auth: value.base64(HMAC-SHA256)', () => {
  assert.is(expandTemplate('${alice.token | sign}', scope), SIGNED);
  const wrong = expandTemplate('${alice.token | sign_wrong_secret}', scope);
  assert.is(wrong, signValue(vars['alice.token']!, WRONG_SECRET));
  assert.is.not(wrong, SIGNED);
  assert.is(WRONG_SECRET, 'bearer-conformance-wrong-secret');
  assert.throws(() => applyFilter({ name: 'sign' }, 'x', {}), /secret is not known/);
});

test('repeat(N) and filter validation', () => {
  assert.is(expandTemplate('${sid | repeat(3)}', scope), 's-1s-1s-1');
  assert.is(filterProblem({ name: 'repeat' }), "filter 'repeat' needs a count, e.g. repeat(100)");
  assert.is(filterProblem({ name: 'repeat', arg: 0 }), "filter 'repeat(0)' needs a count from 1 to 1000000");
  assert.is(filterProblem({ name: 'unsigned', arg: 2 }), "filter 'unsigned' takes no argument");
  assert.match(filterProblem({ name: 'nope' })!, /^unknown filter 'nope' \(known: percent_encode, /);
  assert.is(filterProblem({ name: 'tamper' }), undefined);
});

test('filters chain left to right; expansion errors name the expression', () => {
  assert.is(expandTemplate('${alice.signed | unsigned | sign | percent_encode}', scope), encodeURIComponent(SIGNED));
  try {
    expandTemplate('x ${alice.token | tamper}', scope);
    assert.unreachable('tamper of an unsigned token expanded');
  } catch (e) {
    assert.instance(e, TemplateError);
    assert.match((e as Error).message, /^'\$\{alice\.token \| tamper\}': tamper: /);
  }
  assert.throws(() => expandTemplate('${missing}', scope), /the variable 'missing' has no value/);
});

test('expandJson expands strings at any depth and leaves keys and other values', () => {
  assert.equal(expandJson({ '${sid}': ['${sid}', 1, null, true, { t: 'x${sid}' }] }, scope), { '${sid}': ['s-1', 1, null, true, { t: 'xs-1' }] });
});

test('signing agrees with every published HMAC vector', () => {
  const { vectors } = JSON.parse(readFileSync(specFile('vectors/hmac.json'), 'utf8')) as {
    vectors: { id: string; valid: boolean; secret: string; token: string; signature: string; signed: string; cookie_value: string }[];
  };
  assert.ok(vectors.length >= 4);
  for (const v of vectors) {
    assert.is(verifySigned(v.signed, v.secret).ok, v.valid, v.id);
    assert.is(v.cookie_value, encodeURIComponent(v.signed), v.id);
    if (v.valid) {
      assert.is(hmacBase64(v.token, v.secret), v.signature, v.id);
      assert.is(signValue(v.token, v.secret), v.signed, v.id);
    }
  }
});

test('verifySigned explains a failure', () => {
  const bad = verifySigned(SIGNED.replace('.g', '.A'), 'conformance-vector-secret-0123456789');
  assert.is(bad.ok, false);
  if (!bad.ok) assert.is(bad.expectedSignature, 'gc+lAVAwHPm5WmtkeKzwYj0oqJf8ZK+jcxkM6LOkO1Y=');
  const none = verifySigned('nodot', 's');
  assert.is(none.ok, false);
  if (!none.ok) assert.match(none.reason, /no '\.'/);
});

test.run();
