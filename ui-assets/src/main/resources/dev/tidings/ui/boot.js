// Loaded on every host page (<script type="module" src="/plugins/tidings/ui/boot.js">): defines the
// widgets and makes the page's live parts live.
import './status.js';
import './bell.js';
import './feed.js';
import './notifications-page.js';
import './preferences.js';
import './issue-subscription.js';
import './dashboard.js';
import { enhancePage } from './live-page.js';
import { livePresence } from './presence.js';

function start() {
  enhancePage();
  livePresence();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
else start();
