import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffDelay, Backoff } from '../../main/resources/dev/tidings/ui/backoff.js';

test('first retry waits about half a second', () => {
  assert.equal(backoffDelay(0, undefined, () => 0), 500);
  assert.equal(backoffDelay(0, undefined, () => 1), 500);
});

test('the ceiling doubles per attempt and stops at 30 s', () => {
  assert.equal(backoffDelay(1, undefined, () => 1), 1000);
  assert.equal(backoffDelay(3, undefined, () => 1), 4000);
  assert.equal(backoffDelay(6, undefined, () => 1), 30000);
  assert.equal(backoffDelay(1000, undefined, () => 1), 30000);
});

test('full jitter spreads delays across the whole range', () => {
  const seen = new Set();
  for (let i = 0; i < 200; i++) seen.add(Math.floor(backoffDelay(10) / 3000));
  assert.ok(seen.size >= 8, `delays should cover most of 0.5..30 s, got buckets ${[...seen]}`);
  for (let i = 0; i < 200; i++) {
    const d = backoffDelay(i % 12);
    assert.ok(d >= 500 && d <= 30000, `delay ${d} out of range`);
  }
});

test('bad attempt numbers count as the first attempt', () => {
  assert.equal(backoffDelay(-3, undefined, () => 1), 500);
  assert.equal(backoffDelay(NaN, undefined, () => 1), 500);
});

test('Backoff counts attempts and resets', () => {
  const b = new Backoff(undefined, () => 1);
  assert.deepEqual([b.next(), b.next(), b.next()], [500, 1000, 2000]);
  b.reset();
  assert.equal(b.next(), 500);
});
