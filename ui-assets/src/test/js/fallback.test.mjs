import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TransportPlan, availableTransports } from '../../main/resources/dev/tidings/ui/fallback.js';

test('WebSocket that never opens falls back to SSE, then to long-poll', () => {
  const p = new TransportPlan(undefined, 3);
  assert.equal(p.current(), 'websocket');
  assert.equal(p.failed(), false);
  assert.equal(p.failed(), false);
  assert.equal(p.failed(), true);
  assert.equal(p.current(), 'sse');
  p.failed(); p.failed(); p.failed();
  assert.equal(p.current(), 'poll');
  assert.equal(p.failed(), false, 'long-poll is the last resort');
  assert.equal(p.current(), 'poll');
});

test('a transport that opened once is kept through later drops (server restarts)', () => {
  const p = new TransportPlan();
  p.opened();
  for (let i = 0; i < 10; i++) assert.equal(p.failed(), false);
  assert.equal(p.current(), 'websocket');
});

test('an open resets the failure count', () => {
  const p = new TransportPlan(undefined, 2);
  p.failed();
  p.opened();
  p.failed();
  assert.equal(p.current(), 'websocket');
});

test('missing browser features are skipped', () => {
  assert.deepEqual(availableTransports({ fetch() {} }), ['poll']);
  assert.deepEqual(availableTransports({ WebSocket: function () {}, EventSource: function () {}, fetch() {} }), ['websocket', 'sse', 'poll']);
  const p = new TransportPlan(['sse', 'poll']);
  assert.equal(p.current(), 'sse');
  assert.throws(() => new TransportPlan([]));
});
