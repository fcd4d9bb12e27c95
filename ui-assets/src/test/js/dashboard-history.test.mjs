import { test } from 'node:test';
import assert from 'node:assert/strict';
import { watchedChannels, historyCursor, positionsOf, mergeHistory, placeOf, lostChannels, shallower, MAX_REPOS } from '../../main/resources/dev/tidings/ui/dashboard-history.js';

function decode(cursor) {
  const b64 = cursor.replace(/-/g, '+').replace(/_/g, '/');
  return Buffer.from(b64, 'base64').toString('utf8');
}

test('watched repositories become repo: channels, bounded', () => {
  const repos = Array.from({ length: 35 }, (_, i) => ({ full_name: `alice/r${i}` }));
  const { channels, skipped } = watchedChannels(repos);
  assert.equal(channels.length, MAX_REPOS);
  assert.equal(channels[0], 'repo:alice/r0');
  assert.equal(skipped, 5);
  assert.deepEqual(watchedChannels([{ full_name: 'a/b' }, { full_name: 'a/b' }, {}, null]), { channels: ['repo:a/b'], skipped: 0 });
});

test('the history cursor starts each channel a fixed number of events back, never below 0', () => {
  const cursor = historyCursor({ 'repo:a/b': { epoch: 'e1', offset: 50 }, 'repo:a/c': { epoch: 'e2', offset: 3 }, 'repo:x/y': { error: 'forbidden' } }, 20);
  assert.equal(decode(cursor), 'repo:a/b e1 30\nrepo:a/c e2 0');
  assert.ok(!/[+/=]/.test(cursor), 'URL-safe, unpadded');
  assert.equal(historyCursor({}), null);
});

test('positions are read from a long-poll answer, errors left out', () => {
  assert.deepEqual(positionsOf({ channels: { 'repo:a/b': { epoch: 'e', offset: 4, recovered: true }, 'repo:c/d': { error: 'forbidden' } } }),
    { 'repo:a/b': { epoch: 'e', offset: 4 } });
  assert.deepEqual(positionsOf(null), {});
});

test('histories merge newest first, each event once, bounded', () => {
  const ev = (channel, offset, timestamp, id) => ({ type: 'event', channel, offset, timestamp, id });
  const merged = mergeHistory([ev('repo:a/b', 1, 100, 'x1'), ev('repo:c/d', 1, 300, 'y1'), ev('repo:a/b', 2, 200, 'x2'),
    ev('repo:a/b', 2, 200, 'x2'), { type: 'subscribed' }], 2);
  assert.deepEqual(merged.map((e) => e.id), ['y1', 'x2']);
});

test('an entry goes in time order, newest first, even when a replay brings it late', () => {
  assert.equal(placeOf([300, 200, 100], 400), 0);
  assert.equal(placeOf([300, 200, 100], 250), 1, 'between the newer and the older');
  assert.equal(placeOf([300, 200, 100], 50), 3, 'at the end');
  assert.equal(placeOf([300, 200, 100], 200), 1, 'a later arrival with the same time goes on top of it');
  assert.equal(placeOf([], 10), 0);
  assert.equal(placeOf([300, NaN, 100], 200), 1, 'an entry without a time does not hold others back');
  assert.equal(placeOf([300, 200], undefined), 0, 'no timestamp: on top');
});

test('channels whose history the log no longer holds are read again less deep, down to one event', () => {
  assert.deepEqual(lostChannels({ channels: {
    'repo:a/b': { epoch: 'e', offset: 40, recovered: false },
    'repo:c/d': { epoch: 'e', offset: 9, recovered: true },
    'repo:x/y': { error: 'replay_interrupted' },
    'repo:n/o': { epoch: 'e', offset: 3 },
  } }), ['repo:a/b']);
  assert.deepEqual(lostChannels({}), []);
  assert.deepEqual(lostChannels(null), []);
  const depths = [];
  for (let d = 20; d > 0; d = shallower(d)) depths.push(d);
  assert.deepEqual(depths, [20, 10, 5, 2, 1]);
});
