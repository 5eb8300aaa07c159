// The JSON diff of failure reports: every difference under the subset rule, as JSON Pointers.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { subsetDifference } from '../../conformance/engine/assert.js';
import { diffLines, jsonDiff, MAX_DIFF_ENTRIES } from '../../conformance/report/diff.js';

test('no difference when the actual value contains the expected one', () => {
  assert.equal(jsonDiff({ a: 1, b: { c: [1, { d: 'x' }] } }, { a: 1, b: { c: [1, { d: 'x', e: 2 }], f: 3 }, g: null }), []);
  assert.equal(jsonDiff(null, null), []);
});

test('every difference is listed, with its path, kind, expected and actual', () => {
  const expected = { user: { id: 'u1', email: 'a@x', 'we/ird~key': true }, session: { userId: 'u1' }, list: [1, 2, 3], n: 1 };
  const actual = { user: { id: 'u2', email: 'a@x' }, session: null, list: [1, 5], n: '1' };
  assert.equal(jsonDiff(expected, actual), [
    { path: '/user/id', expected: 'u1', actual: 'u2', kind: 'value' },
    { path: '/user/we~1ird~0key', expected: true, kind: 'missing' },
    { path: '/session', expected: { userId: 'u1' }, actual: null, kind: 'type' },
    { path: '/list', expected: 3, actual: 2, kind: 'length' },
    { path: '/list/1', expected: 2, actual: 5, kind: 'value' },
    { path: '/list/2', expected: 3, kind: 'missing' },
    { path: '/n', expected: 1, actual: '1', kind: 'type' },
  ]);
  assert.equal(diffLines(jsonDiff(expected, actual)), [
    '/user/id: expected "u1", got "u2"',
    '/user/we~1ird~0key: expected true, missing',
    '/session: expected {"userId":"u1"}, got null',
    '/list: expected 3 elements, got 2',
    '/list/1: expected 2, got 5',
    '/list/2: expected 3, missing',
    '/n: expected 1, got "1"',
  ]);
  assert.equal(diffLines(jsonDiff({ a: 1 }, [1])), ['(whole value): expected {"a":1}, got [1]']);
});

test('the first difference is the one the judging rule reports', () => {
  const cases: [unknown, unknown][] = [
    [{ a: { b: 1 }, c: 2 }, { a: { b: 2 }, c: 3 }],
    [{ a: [1, 2] }, { a: [1] }],
    [{ x: 'y' }, 'text'],
  ];
  for (const [e, a] of cases) assert.is(jsonDiff(e, a)[0]!.path, subsetDifference(e, a)!.path);
});

test('a very different value is cut at a fixed number of entries', () => {
  const expected = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`k${i}`, i]));
  assert.is(jsonDiff(expected, {}).length, MAX_DIFF_ENTRIES);
});

test.run();
