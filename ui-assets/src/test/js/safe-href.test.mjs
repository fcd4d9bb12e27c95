import { test } from 'node:test';
import assert from 'node:assert/strict';
import { safeHref } from '../../main/resources/dev/tidings/ui/dom.js';

// safeHref decides which URLs from events become links (a commit status's target_url in
// ci-status.js, notification and feed links): http(s) only, resolved against the page.
globalThis.location = { href: 'http://git.example.test/alice/demo/pulls/1' };

test('http and https links are kept, relative ones resolved against the page', () => {
  assert.equal(safeHref('https://ci.example.org/build/1'), 'https://ci.example.org/build/1');
  assert.equal(safeHref('HTTP://CI.example.org/x'), 'http://ci.example.org/x');
  assert.equal(safeHref('/alice/demo/issues/2'), 'http://git.example.test/alice/demo/issues/2');
});

test('script, data and other schemes never become links, however they are spelled', () => {
  for (const url of ['javascript:alert(1)', 'JavaScript:alert(1)', ' javascript:alert(1)', '\tjava\nscript:alert(1)',
    'javascript://ci.example.org/%0Aalert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox(1)',
    'file:///etc/passwd', 'ftp://ci.example.org/x']) {
    assert.equal(safeHref(url), null, url);
  }
});

test('nothing usable is no link', () => {
  for (const url of [undefined, null, '', 42, {}, 'http://[bad']) {
    assert.equal(safeHref(url), null, String(url));
  }
});
