import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ListCounts, stateAfter, newItemsLabel } from '../../main/resources/dev/tidings/ui/live-lists.js';
import { loginList, isCut } from '../../main/resources/dev/tidings/ui/live-thread.js';

test('the state an event leaves an item in', () => {
  assert.equal(stateAfter('issue.opened'), 'open');
  assert.equal(stateAfter('pr.reopened'), 'open');
  assert.equal(stateAfter('issue.closed'), 'closed');
  assert.equal(stateAfter('pr.merged'), 'merged');
  assert.equal(stateAfter('pr.edited'), null);
  assert.equal(stateAfter('issue.comment'), null);
});

test('counters follow opens, closes, merges and reopens, each item counted once', () => {
  const c = new ListCounts(2, 5, new Map([[1, 'open'], [2, 'open']]));
  assert.equal(c.apply('issue.opened', 3), true);
  assert.deepEqual([c.open, c.closed], [3, 5]);
  assert.equal(c.apply('issue.opened', 3), false, 'the same opening twice counts once');
  c.apply('issue.closed', 1);
  assert.deepEqual([c.open, c.closed], [2, 6]);
  assert.equal(c.apply('issue.closed', 1), false);
  c.apply('issue.reopened', 1);
  assert.deepEqual([c.open, c.closed], [3, 5]);
  c.apply('pr.merged', 2);
  assert.deepEqual([c.open, c.closed], [2, 6], 'merged counts as closed');
  assert.equal(c.apply('issue.edited', 2), false);
});

test('an item not shown on the page was open before it closed', () => {
  const c = new ListCounts(4, 0);
  c.apply('pr.closed', 40);
  assert.deepEqual([c.open, c.closed], [3, 1]);
});

test('counters never go below zero', () => {
  const c = new ListCounts(0, 0);
  c.apply('issue.closed', 9);
  assert.deepEqual([c.open, c.closed], [0, 1]);
});

test('the new items bar names what it offers', () => {
  assert.equal(newItemsLabel(1, false), '1 new issue — show');
  assert.equal(newItemsLabel(3, false), '3 new issues — show');
  assert.equal(newItemsLabel(1, true), '1 new pull request — show');
  assert.equal(newItemsLabel(2, true), '2 new pull requests — show');
});

test('assignee and reviewer lists accept logins or user objects', () => {
  assert.deepEqual(loginList(['bob', { login: 'carol' }, null, {}]), ['bob', 'carol']);
  assert.deepEqual(loginList(undefined), []);
});

test('a cut excerpt is recognised, so the page reads the whole body from REST', () => {
  assert.equal(isCut('short body'), false);
  assert.equal(isCut(`${'x'.repeat(279)}…`), true);
  assert.equal(isCut(''), false);
});
