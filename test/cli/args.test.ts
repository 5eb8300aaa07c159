// Flag parsing: the stable flags, their defaults, and usage errors that read as sentences.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseCliArgs } from '../../conformance/args.js';
import { ExitCode, UsageError } from '../../conformance/model/exit-codes.js';

function usageError(argv: string[]): string {
  try {
    parseCliArgs(argv);
  } catch (error) {
    assert.instance(error, UsageError);
    assert.is((error as UsageError).exitCode, ExitCode.Usage);
    return (error as Error).message;
  }
  throw new assert.Assertion({ message: `expected a usage error for ${argv.join(' ')}`, operator: 'throws', actual: 'no error', expects: 'UsageError' });
}

test('no arguments is the embedded run with the console reporter', () => {
  const args = parseCliArgs([]);
  assert.is(args.command, 'run');
  assert.equal(args.reporters, ['console']);
  assert.equal(args.scenarios, []);
  assert.equal(Object.values(args.target).filter((v) => v !== undefined), []);
  assert.is(args.strict, false);
});

test('every target and run flag is read', () => {
  const args = parseCliArgs([
    '--url', 'http://127.0.0.1:9/api/auth', '--require-signature', '--secret', 's3', '--origin', 'http://app.test',
    '--schema-url', 'http://127.0.0.1:9/schema', '--schema-file', 'schema.txt', '--expose-header', 'X-A', '--expose-header', 'X-B',
    '--header', 'X-Api-Key: k', '--header', 'X-Other: v', '--session-update-age', '30', '--profile', 'better-auth',
    '--reporter', 'json', '--output', 'r.json', '--scenarios', 'a.yaml', '--scenarios', 'dir',
    '--concurrency', '3', '--timeout', '2500', '--strict',
  ]);
  assert.equal(args.target, {
    url: 'http://127.0.0.1:9/api/auth',
    requireSignature: true,
    secret: 's3',
    origin: 'http://app.test',
    schemaUrl: 'http://127.0.0.1:9/schema',
    schemaFile: 'schema.txt',
    exposeHeaders: ['X-A', 'X-B'],
    headers: ['X-Api-Key: k', 'X-Other: v'],
    profiles: ['better-auth'],
    sessionUpdateAge: 30,
  });
  assert.equal(args.reporters, ['json']);
  assert.is(args.output, 'r.json');
  assert.equal(args.scenarios, ['a.yaml', 'dir']);
  assert.is(args.concurrency, 3);
  assert.is(args.timeoutMs, 2500);
  assert.is(args.strict, true);
  assert.is(parseCliArgs(['--target', 't.yaml', '--no-require-signature']).target.requireSignature, false);
  assert.throws(() => parseCliArgs(['--url', 'http://127.0.0.1:9', '--session-update-age', '1.5']), /whole number of seconds from 0 to 3600/);
});

test('help, version and lint', () => {
  assert.is(parseCliArgs(['--help']).command, 'help');
  assert.is(parseCliArgs(['-h']).command, 'help');
  assert.is(parseCliArgs(['--version']).command, 'version');
  assert.is(parseCliArgs(['lint', '--scenarios', 'x']).command, 'lint');
});

test('usage errors name the problem and the next step', () => {
  assert.match(usageError(['--bogus']), /--bogus is not a flag of bearer-conformance\. Run bearer-conformance --help/);
  assert.match(usageError(['--url']), /--url needs a value, for example --url http:\/\/127\.0\.0\.1:3000\/api\/auth/);
  assert.match(usageError(['--secret', '--url', 'x']), /write --secret=<value>/);
  assert.match(usageError(['--require-signature=yes']), /switch and takes no value/);
  assert.match(usageError(['--reporter', 'xml']), /no reporter named "xml"; use --reporter console or --reporter json/);
  assert.match(usageError(['--concurrency', '0']), /--concurrency takes a whole number .* but got "0"/);
  assert.match(usageError(['--timeout', '1.5']), /--timeout takes a whole number of milliseconds/);
  assert.match(usageError(['--output', 'r.json']), /add --reporter json/);
  assert.match(usageError(['--reporter', 'json', '--reporter', 'console']), /add --output <file>/);
  assert.match(usageError(['--reporter', 'json', '--reporter', 'json']), /once/);
  assert.match(usageError(['http://127.0.0.1/api/auth']), /is not a command .* --url <base URL>/);
});

test('diff: two report files and --format; nothing of a run', () => {
  assert.equal(parseCliArgs(['diff', 'a.json', 'b.json']).diff, { before: 'a.json', after: 'b.json', format: 'text' });
  assert.equal(parseCliArgs(['diff', 'a.json', 'b.json', '--format', 'markdown']).diff, { before: 'a.json', after: 'b.json', format: 'markdown' });
  assert.match(usageError(['diff', 'a.json']), /diff compares two JSON reports and got 1 file; write bearer-conformance diff old\.json new\.json\./);
  assert.match(usageError(['diff', 'a.json', 'b.json', 'c.json']), /got 3 files/);
  assert.match(usageError(['diff', 'a.json', 'b.json', '--format', 'html']), /--format is text, markdown or json, not "html"/);
  assert.match(usageError(['diff', 'a.json', 'b.json', '--url', 'http://x']), /--url does not apply/);
  assert.match(usageError(['--format', 'json']), /--format is a flag of the diff command/);
});

test('--verbose and -v', () => {
  assert.is(parseCliArgs([]).verbose, false);
  assert.is(parseCliArgs(['--verbose']).verbose, true);
  assert.is(parseCliArgs(['-v']).verbose, true);
});

test('html and markdown reporters by name, each with its file', () => {
  assert.equal(parseCliArgs(['--reporter', 'html:r.html', '--reporter', 'markdown:summary.md']).reporters, ['html:r.html', 'markdown:summary.md']);
  assert.match(usageError(['--reporter', 'console', '--reporter', 'html']), /--reporter html:report\.html/);
});

test.run();
