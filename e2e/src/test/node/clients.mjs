// What every gitea-js test file shares: the host's address and signed-in clients from the
// environment NodeClientTest sets, and a check for refused calls. Not a test file itself.
import assert from 'node:assert/strict';
import { giteaApi } from 'gitea-js';

export const BASE_URL = process.env.BASE_URL?.replace(/\/+$/, '');
export const ALICE_TOKEN = process.env.ALICE_TOKEN;
const BOB_TOKEN = process.env.BOB_TOKEN;
if (!BASE_URL || !ALICE_TOKEN || !BOB_TOKEN) {
  throw new Error('BASE_URL, ALICE_TOKEN and BOB_TOKEN must be set (NodeClientTest sets them)');
}

export const alice = giteaApi(BASE_URL, { token: ALICE_TOKEN });
export const bob = giteaApi(BASE_URL, { token: BOB_TOKEN });
export const anonymous = giteaApi(BASE_URL);

/** Expects a gitea-js call to reject with {@code status}; returns the error body. */
export async function rejectsWith(promise, status) {
  try {
    await promise;
  } catch (e) {
    assert.equal(e.status, status, `expected HTTP ${status}, got ${e.status}: ${JSON.stringify(e.error)}`);
    return e.error;
  }
  assert.fail(`expected HTTP ${status}, but the call succeeded`);
}
