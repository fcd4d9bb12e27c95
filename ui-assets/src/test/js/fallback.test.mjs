import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProbeSchedule, TransportPlan, availableTransports } from '../../main/resources/dev/tidings/ui/fallback.js';

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

test('a transport that opened once is kept through a server restart (up to 7 failed reconnects)', () => {
  const p = new TransportPlan();
  p.opened();
  for (let i = 0; i < 7; i++) assert.equal(p.failed(), false);
  assert.equal(p.current(), 'websocket');
  p.opened(); // the server is back
  for (let i = 0; i < 7; i++) assert.equal(p.failed(), false);
  assert.equal(p.current(), 'websocket', 'the count starts again after each open');
});

test('a transport that opened before is given up after 8 failures in a row (a network that blocks it)', () => {
  const p = new TransportPlan();
  p.opened();
  for (let i = 0; i < 7; i++) p.failed();
  assert.equal(p.failed(), true);
  assert.equal(p.current(), 'sse');
  p.failed(); p.failed();
  assert.equal(p.failed(), true, 'SSE never opened here: the short allowance applies');
  assert.equal(p.current(), 'poll');
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

test('probes of the preferred transport back off from the first delay to the cap, with jitter', () => {
  const low = new ProbeSchedule(60000, 300000, () => 0);
  const high = new ProbeSchedule(60000, 300000, () => 1);
  assert.equal(low.next(), 48000);
  assert.equal(high.next(), 72000);
  for (const s of [low, high]) {
    s.failed();
    s.failed();
    s.failed();
    s.failed();
  }
  assert.equal(low.next(), 240000, 'capped at 300 s, minus 20%');
  low.reset();
  assert.equal(low.next(), 48000);
});

test('an upgrade puts the plan back on its preferred transport for good', () => {
  const p = new TransportPlan(undefined, 1);
  assert.equal(p.demoted(), false);
  p.failed();
  assert.equal(p.current(), 'sse');
  assert.equal(p.demoted(), true);
  assert.equal(p.preferred(), 'websocket');
  p.upgraded();
  assert.equal(p.current(), 'websocket');
  assert.equal(p.demoted(), false);
  assert.equal(p.failed(), false, 'it opened, so a later drop does not demote it');
});
