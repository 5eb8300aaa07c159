// A report for the HTML and Markdown reporter tests: two targets, two sections, every verdict (pass,
// fail, warn, skip, inconclusive, not run), a JSON diff, an errored scenario, and a target that puts
// markup, script, quotes and control characters into everything it answers.
import type { Report } from '../../conformance/model/report.js';
import type { Registry, Requirement } from '../../conformance/model/requirements.js';
import type { ScenarioResult } from '../../conformance/model/result.js';
import { buildReport } from '../../conformance/report/report.js';
import { result, target } from './cli.js';

/** What a hostile server sends: tags that would run script, quotes, a bidi override, control characters, a lone surrogate. */
export const HOSTILE = `</script><script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"> ' " &amp; \u202e \u0000\u0001\u001b[31m\ud800 end`;
export const SECRET = 'do-not-print-this-secret';
export const TOKEN = 'TokenOfAlice0123456789abcdefABCD';

const req = (id: string, section: string, level: Requirement['level'] = 'MUST'): Requirement => ({
  id,
  level,
  section,
  title: `Title of ${id}`,
  text: `Text of ${id}: the server answers \`200\` & <never> 500.`,
});

export const registry: Registry = {
  specVersion: '1.0.0',
  sections: [
    { id: 'SIG', title: 'Signed and unsigned tokens' },
    { id: 'EMIT', title: 'The set-auth-token header' },
  ],
  requirements: [req('BEARER-SIG-1', 'SIG'), req('BEARER-SIG-2', 'SIG'), req('BEARER-SIG-3', 'SIG'), req('BEARER-EMIT-1', 'EMIT'), req('BEARER-EMIT-2', 'EMIT', 'SHOULD'), req('BEARER-EMIT-3', 'EMIT'), req('BEARER-EMIT-4', 'EMIT')],
};

export function results(): ScenarioResult[] {
  const hostile = result('sig.hostile', 'fail', ['BEARER-SIG-1', 'BEARER-SIG-2'], { targetName: 'permissive', failing: ['BEARER-SIG-2'], title: `a title with ${HOSTILE}` });
  hostile.failure!.message = `the body is ${HOSTILE}`;
  hostile.failure!.actual = { body: HOSTILE };
  hostile.failure!.exchange!.request.headers.push(['authorization', `Bearer ${TOKEN}`]);
  hostile.failure!.exchange!.response!.body = HOSTILE;
  hostile.failure!.exchange!.response!.headers.push(['x-evil', HOSTILE]);
  hostile.tokens = [{ label: 'alice.token', value: TOKEN }];
  // Its SIG-1 steps completed before it failed on SIG-2: it credits SIG-1, so SIG-1 rests on every
  // scenario judging it and passes (runner contract 1.3: partial evidence would be inconclusive).
  hostile.passed = ['BEARER-SIG-1'];

  const json = result('sig.json', 'fail', ['BEARER-SIG-2'], { targetName: 'signed-only' });
  Object.assign(json.failure!, {
    check: 'session_of',
    message: "expected alice's session; got bob's",
    expected: { user: { id: 'u-alice', email: 'alice@x' } },
    actual: { user: { id: 'u-bob', email: 'alice@x' }, session: {} },
  });

  const warn = result('emit.should', 'fail', ['BEARER-EMIT-2'], { targetName: 'permissive', failing: ['BEARER-EMIT-2'] });
  warn.failure!.message = 'the header is missing';
  const many = Array.from({ length: 12 }, (_, i) => result(`emit.many-${String(i).padStart(2, '0')}`, 'fail', ['BEARER-EMIT-1'], { targetName: 'permissive' }));
  return [
    result('sig.ok', 'pass', ['BEARER-SIG-1'], { targetName: 'permissive' }),
    result('sig.ok', 'pass', ['BEARER-SIG-1'], { targetName: 'signed-only' }),
    hostile,
    json,
    result('sig.skipped', 'skip', ['BEARER-SIG-3'], { targetName: 'permissive', reason: `Skipped: ${HOSTILE}` }),
    result('emit.errored', 'error', ['BEARER-EMIT-3'], { targetName: 'signed-only' }),
    warn,
    ...many,
  ];
}

export function fixtureReport(options: { redactTokens?: boolean; results?: ScenarioResult[] } = {}): Report {
  return buildReport({
    suite: { name: 'bearer-conformance', version: '0.1.0' },
    registry,
    targets: [target('permissive', { secret: SECRET }), target('signed-only', { requireSignature: true })],
    results: options.results ?? results(),
    strict: false,
    startedAt: new Date(0),
    durationMs: 1234,
    redactTokens: options.redactTokens ?? false,
  });
}
