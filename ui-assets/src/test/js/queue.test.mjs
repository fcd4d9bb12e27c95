import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CommandQueue } from '../../main/resources/dev/tidings/ui/queue.js';

test('commands come out in order and the queue empties', () => {
  const q = new CommandQueue(10);
  q.push({ id: 1 });
  q.push({ id: 2 });
  assert.equal(q.size, 2);
  assert.deepEqual(q.drain().map((c) => c.id), [1, 2]);
  assert.equal(q.size, 0);
});

test('when full the oldest commands are dropped and counted', () => {
  const q = new CommandQueue(3);
  for (let i = 1; i <= 5; i++) q.push({ id: i });
  assert.deepEqual(q.drain().map((c) => c.id), [3, 4, 5]);
  assert.equal(q.dropped, 2);
});
