// The worker pool hands subjects to worker threads and gathers their outcomes in the order asked;
// a subject that is no mutant comes back as a broken run, not as a crash.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runPool } from '../../fixtures/mutants/pool.js';

test('worker threads answer every subject, in the order given', async () => {
  const heard: string[] = [];
  const outcomes = await runPool(['no.such-one', 'no.such-two', 'no.such-three'], { jobs: 2 }, (o) => heard.push(o.subject));
  assert.equal(outcomes.map((o) => o.subject), ['no.such-one', 'no.such-two', 'no.such-three']);
  assert.equal([...heard].sort(), ['no.such-one', 'no.such-three', 'no.such-two']);
  for (const o of outcomes) assert.match(o.error ?? '', /there is no mutant with id no\.such-/);
});

test('with one job the subjects run in this thread', async () => {
  const [outcome] = await runPool(['no.such-mutant'], { jobs: 1 });
  assert.equal(outcome!.results, []);
  assert.match(outcome!.error ?? '', /no mutant with id no\.such-mutant/);
});

test.run();
