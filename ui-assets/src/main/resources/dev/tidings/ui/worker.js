// SharedWorker: one Tidings connection for every tab of this origin and user. Tabs talk to it
// through MessagePorts (see client.js); the worker reference-counts channel subscriptions and routes
// each message only to the tabs that follow its channel. It is named `tidings:<login>` and its
// connection carries that user's cookie: when a tab of another user connects anyway (the cookie
// changed under a worker kept alive by an old tab), or a tab signs out, the worker drops its socket
// and every other tab's channels, so nothing of one user reaches another user's page.
import { Tidings } from './tidings.js';

const client = new Tidings({ env: self });
/** port -> Set of channels that tab follows */
const ports = new Map();
/** The user whose cookie the connection carries: from the worker's name, else the first tab's hello. */
let owner = typeof self.name === 'string' && self.name.startsWith('tidings:') ? self.name.slice('tidings:'.length) : null;

/** Forgets every tab but `keep` (told they are signed out) and closes the connection and its channels. */
function signOut(reason, keep) {
  const payload = { state: 'offline', transport: client.transport, code: 4501, reason, signedOut: true };
  for (const p of [...ports.keys()]) {
    if (p === keep) continue;
    post(p, { kind: 'state', payload });
    ports.delete(p);
  }
  if (keep && ports.has(keep)) ports.set(keep, new Set());
  for (const c of client.channels()) client.unsubscribe(c);
  client.close();
}

/** A tab says who it is: another user than the connection's means start over for that user. */
function claim(port, user) {
  if (owner === null || owner === undefined) {
    owner = user;
    return;
  }
  if (owner === user) return;
  signOut('another user signed in', port);
  owner = user;
  client.connect();
}

function post(port, message) {
  try {
    port.postMessage(message);
  } catch {
    ports.delete(port);
  }
}

function followers(channel) {
  return [...ports].filter(([, chans]) => chans.has(channel)).map(([p]) => p);
}

function refresh(channel) {
  const wanted = followers(channel).length > 0;
  if (wanted) client.subscribe(channel);
  else client.unsubscribe(channel);
}

client.on('state', (s) => {
  for (const p of ports.keys()) post(p, { kind: 'state', payload: s });
});
// `welcome` (the server's protocol version and the login it reads the connection as) and
// connection-wide errors such as `unsupported_version` have no channel: every tab hears them.
for (const name of ['event', 'resync', 'subscribed', 'error', 'transport', 'welcome']) {
  client.on(name, (payload) => {
    const targets = payload && payload.channel ? followers(payload.channel) : [...ports.keys()];
    for (const p of targets) post(p, { kind: name, payload });
  });
}

/** Tells a tab that (re)joins the connection's state, and its welcome when one is open. */
function greet(port) {
  post(port, { kind: 'state', payload: { state: client.state, transport: client.transport } });
  if (client.welcome) post(port, { kind: 'welcome', payload: client.welcome });
}

self.onconnect = (e) => {
  const port = e.ports[0];
  ports.set(port, new Set());
  port.onmessage = (m) => {
    const msg = m.data || {};
    const chans = ports.get(port);
    switch (msg.kind) {
      case 'subscribe':
        if (chans) {
          const followed = followers(msg.channel).length > 0;
          chans.add(msg.channel);
          if (!followed) {
            // The first tab on this channel: resume from where that tab was, if it says so.
            client.subscribe(msg.channel, msg.since);
            break;
          }
          // A channel another tab already follows is subscribed already: tell this tab so.
          const pos = client.book.position(msg.channel);
          if (pos) post(port, { kind: 'subscribed', payload: { type: 'subscribed', channel: msg.channel, ...pos } });
          const since = msg.since;
          if (pos && since && (since.epoch !== pos.epoch || since.offset < pos.offset)) {
            // This tab missed events the shared connection cannot replay for it alone.
            post(port, { kind: 'resync', payload: { channel: msg.channel, epoch: pos.epoch, offset: pos.offset } });
          }
        }
        break;
      case 'unsubscribe':
        if (chans) {
          chans.delete(msg.channel);
          refresh(msg.channel);
        }
        break;
      case 'send':
        client.send(msg.command);
        break;
      case 'wake':
        client.wake(msg.reason);
        break;
      case 'signout':
        // A tab submits the sign-out form: this user's connection ends for every tab.
        signOut('signed out', null);
        owner = null;
        break;
      case 'hello':
        if (typeof msg.user === 'string') claim(port, msg.user);
        // A tab back from the back/forward cache (it said bye at pagehide): known again.
        if (!ports.get(port)) {
          ports.set(port, new Set());
          greet(port);
        }
        break;
      case 'bye':
        ports.delete(port);
        for (const c of chans || []) refresh(c);
        break;
      default:
        break;
    }
  };
  port.start();
  greet(port);
  client.connect();
};
