// Throttled answers are waited out as the server asks, bounded by --max-wait, and counted; a fake clock
// stands in for time, so nothing here depends on how fast the machine is.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { retryDelayMs, Throttle, ThrottledTooLongError, type ThrottleAnswer } from '../../conformance/engine/throttle.js';

const answer = (status: number, headers: [string, string][] = []): ThrottleAnswer => ({ status, headers });

test('the retry delay comes from Retry-After (seconds or a date), then X-Retry-After, then a doubling back-off for 429', () => {
  assert.is(retryDelayMs(answer(200)), undefined);
  assert.is(retryDelayMs(answer(429, [['Retry-After', '7']])), 7000);
  assert.is(retryDelayMs(answer(503, [['retry-after', 'Thu, 01 Jan 1970 00:00:05 GMT']]), 0, 1000), 4000);
  assert.is(retryDelayMs(answer(429, [['X-Retry-After', '3']])), 3000, "better-auth's header");
  assert.is(retryDelayMs(answer(429), 0), 1000);
  assert.is(retryDelayMs(answer(429), 3), 8000);
  assert.is(retryDelayMs(answer(429), 10), 30_000, 'the back-off stops at 30 s');
  assert.is(retryDelayMs(answer(503)), undefined, 'a 503 without a delay is an ordinary answer');
});

function fakeClock() {
  let now = 0;
  const slept: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      slept.push(ms);
      now += ms;
    },
    slept,
  };
}

test('a throttled request is sent again after the delay, and the wait is counted by status and path', async () => {
  const clock = fakeClock();
  const throttle = new Throttle(60_000, clock.sleep, clock.now);
  const answers = [answer(429, [['x-retry-after', '10']]), answer(429, [['x-retry-after', '2']]), answer(200)];
  const seen: number[] = [];
  const res = await throttle.send('http://127.0.0.1:1/api/auth/sign-up/email', async () => answers.shift()!, (r) => seen.push(r.status));
  assert.is(res.status, 200);
  assert.equal(seen, [429, 429]);
  assert.equal(clock.slept, [10_000, 2000]);
  assert.equal(throttle.stats, { waits: 2, waitedMs: 12_000, byStatus: { 429: 2 }, byPath: { '/api/auth/sign-up/email': { waits: 2, waitedMs: 12_000 } } });
});

test('other requests to a throttled path wait for it to open; other paths do not', async () => {
  const clock = fakeClock();
  const throttle = new Throttle(60_000, clock.sleep, clock.now);
  const answers = [answer(429, [['retry-after', '5']]), answer(200)];
  await throttle.send('http://h/api/auth/sign-in/email', async () => answers.shift()!);
  assert.equal(clock.slept, [5000]);
  await throttle.send('http://h/api/auth/get-session', async () => answer(200));
  assert.equal(clock.slept, [5000], 'get-session was not held');
});

test('a wait beyond --max-wait ends the request with a sentence naming both', async () => {
  const clock = fakeClock();
  const throttle = new Throttle(30_000, clock.sleep, clock.now);
  try {
    await throttle.send('http://h/p', async () => answer(429, [['retry-after', '60']]));
    assert.unreachable();
  } catch (e) {
    assert.instance(e, ThrottledTooLongError);
    assert.match((e as Error).message, /asked to wait 60 s more after 0 s of waiting; --max-wait is 30 s per request/);
  }
});

test.run();
