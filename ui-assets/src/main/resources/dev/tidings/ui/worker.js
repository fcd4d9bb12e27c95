// SharedWorker: one Tidings connection for every tab of this origin. Tabs talk to it through
// MessagePorts (see client.js); the worker reference-counts channel subscriptions and routes each
// message only to the tabs that follow its channel.
import { Tidings } from './tidings.js';

const client = new Tidings({ env: self });
/** port -> Set of channels that tab follows */
const ports = new Map();

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
for (const name of ['event', 'resync', 'subscribed', 'error', 'transport']) {
  client.on(name, (payload) => {
    const targets = payload && payload.channel ? followers(payload.channel) : [...ports.keys()];
    for (const p of targets) post(p, { kind: name, payload });
  });
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
      case 'hello':
        // A tab back from the back/forward cache (it said bye at pagehide): known again.
        if (!chans) {
          ports.set(port, new Set());
          post(port, { kind: 'state', payload: { state: client.state, transport: client.transport } });
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
  post(port, { kind: 'state', payload: { state: client.state, transport: client.transport } });
  client.connect();
};
