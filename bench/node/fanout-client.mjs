// A third-party WebSocket client for the Tidings benchmark: the npm "ws" package with its default
// options (it offers permessage-deflate, sets TCP_NODELAY, masks its frames, parses every message
// with JSON.parse), as an independent client would use it. One process, one event loop.
//
//   node fanout-client.mjs --url ws://127.0.0.1:8080/plugins/tidings/ws --subscribers 1000 \
//        --channel repo:alice/demo [--header "Authorization: token abc"] [--source-addresses 8]
//        [--no-deflate]
//
// Talks to its caller in lines: it prints "READY {json}" once every connection is subscribed, then
// reads commands on stdin and answers each with one line of JSON on stdout:
//
//   sync <micros>      the caller's clock now (epoch microseconds); latency = receipt - data.bt
//                      uses the caller's time base, so the events' stamps and receipt compare
//   reset              zero the counters and the latency histogram (start of a measured case)
//   report <expected>  deliveries, loss and duplicates against <expected> events per connection,
//                      latency percentiles, this process's CPU since the reset
//   close              close every connection and exit
//
// Without stdin commands (run by hand), --report-every <seconds> prints a report periodically.

import WebSocket from 'ws';
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';

function parseArgs(argv) {
  const o = { url: null, subscribers: 1000, channel: 'repo:alice/demo', headers: {}, sourceAddresses: 1,
    deflate: true, connectParallel: 200, reportEvery: 0, timeoutMs: 120000 };
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i];
    const next = () => argv[++i];
    switch (a) {
      case '--url': o.url = next(); break;
      case '--subscribers': o.subscribers = parseInt(next(), 10); break;
      case '--channel': o.channel = next(); break;
      case '--header': { const h = next(); const c = h.indexOf(':'); o.headers[h.slice(0, c).trim()] = h.slice(c + 1).trim(); break; }
      case '--source-addresses': o.sourceAddresses = parseInt(next(), 10); break;
      case '--no-deflate': o.deflate = false; break;
      case '--connect-parallel': o.connectParallel = parseInt(next(), 10); break;
      case '--report-every': o.reportEvery = parseFloat(next()); break;
      case '--timeout-ms': o.timeoutMs = parseInt(next(), 10); break;
      default: throw new Error('unknown option ' + a);
    }
  }
  if (!o.url) throw new Error('--url is required');
  return o;
}

const opt = parseArgs(process.argv);

// Epoch microseconds on a monotonic base, shifted onto the caller's clock by "sync".
let clockShift = 0;
const nowMicros = () => Math.round((performance.timeOrigin + performance.now()) * 1000) + clockShift;

// Log-linear latency histogram in microseconds: 64 sub-buckets per power of two (1.6% precision).
const SUB = 64;
let hist = new Float64Array(64 * SUB);
let histCount = 0;
let histMax = 0;
function record(us) {
  if (us < 0) us = 0;
  const v = Math.floor(us);
  let idx;
  if (v < SUB) idx = v;
  else {
    const exp = 31 - Math.clz32(v) - 5; // v >> exp lies in [SUB, 2*SUB)
    idx = (exp + 1) * SUB + ((v >>> exp) - SUB);
  }
  hist[idx]++;
  histCount++;
  if (v > histMax) histMax = v;
}
function bucketValue(idx) {
  if (idx < SUB) return idx;
  const exp = Math.floor(idx / SUB) - 1;
  const m = (idx % SUB) + SUB;
  return (m + 0.5) * 2 ** exp;
}
function percentile(p) {
  if (histCount === 0) return null;
  const want = Math.ceil(histCount * p / 100);
  let seen = 0;
  for (let i = 0; i < hist.length; i++) {
    seen += hist[i];
    if (seen >= want) return bucketValue(i);
  }
  return histMax;
}

class Sub {
  constructor(i) {
    this.i = i;
    this.ws = null;
    this.last = -1;
    this.received = 0;
    this.duplicated = 0;
    this.gaps = 0;
    this.subscribed = null;
  }
}

const subs = [];
let deliveries = 0;
let cpu0 = process.cpuUsage();
let t0 = performance.now();
let closing = false;
let unexpectedCloses = 0;

function onMessage(s, raw) {
  const m = JSON.parse(raw.toString());
  if (m.type === 'event') {
    if (m.offset <= s.last) s.duplicated++;
    else {
      if (s.last >= 0 && m.offset > s.last + 1) s.gaps++;
      s.last = m.offset;
      s.received++;
      deliveries++;
    }
    const bt = m.data && m.data.bt;
    if (typeof bt === 'number') record(nowMicros() - bt);
  } else if (m.type === 'subscribed') {
    s.last = m.offset;
    if (s.subscribed) s.subscribed(m);
  } else if (m.type === 'error') {
    process.stderr.write(`connection ${s.i}: ${raw}\n`);
  }
}

function connect(i) {
  return new Promise((resolve, reject) => {
    const s = new Sub(i);
    const options = { headers: opt.headers, perMessageDeflate: opt.deflate, handshakeTimeout: opt.timeoutMs };
    if (opt.sourceAddresses > 1) options.localAddress = '127.0.0.' + (2 + (i % opt.sourceAddresses));
    const ws = new WebSocket(opt.url, options);
    s.ws = ws;
    ws.on('open', () => {
      s.subscribed = () => { s.subscribed = null; resolve(s); };
      ws.send(JSON.stringify({ type: 'subscribe', channel: opt.channel }));
    });
    ws.on('message', (data) => onMessage(s, data));
    ws.on('unexpected-response', (_req, res) => reject(new Error(`connection ${i}: HTTP ${res.statusCode}`)));
    ws.on('error', (e) => reject(new Error(`connection ${i}: ${e.message}`)));
    ws.on('close', (code) => { if (!closing) { unexpectedCloses++; process.stderr.write(`connection ${i} closed: ${code}\n`); } });
  });
}

async function connectAll() {
  let next = 0;
  const worker = async () => {
    while (next < opt.subscribers) {
      const i = next++;
      subs[i] = await connect(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(opt.connectParallel, opt.subscribers) }, worker));
}

function reset() {
  for (const s of subs) { s.received = 0; s.duplicated = 0; s.gaps = 0; }
  deliveries = 0;
  hist = new Float64Array(64 * SUB);
  histCount = 0;
  histMax = 0;
  cpu0 = process.cpuUsage();
  t0 = performance.now();
}

function report(expected) {
  const cpu = process.cpuUsage(cpu0);
  let lost = 0, duplicated = 0, gaps = 0, short = 0;
  for (const s of subs) {
    duplicated += s.duplicated;
    gaps += s.gaps;
    if (expected >= 0 && s.received < expected) { lost += expected - s.received; short++; }
  }
  const ms = (v) => (v == null ? null : Math.round(v / 10) / 100);
  return {
    subscribers: subs.length,
    deliveries,
    lost,
    duplicated,
    gaps,
    connections_short: short,
    unexpected_closes: unexpectedCloses,
    seconds: Math.round(performance.now() - t0) / 1000,
    client_cpu_us: cpu.user + cpu.system,
    latency_samples: histCount,
    p50_ms: ms(percentile(50)), p95_ms: ms(percentile(95)), p99_ms: ms(percentile(99)), max_ms: ms(histMax),
    extensions: subs.length ? subs[0].ws.extensions : '',
  };
}

function closeAll() {
  closing = true;
  for (const s of subs) s.ws.close(1000);
  setTimeout(() => process.exit(0), 2000).unref();
}

try {
  await connectAll();
} catch (e) {
  process.stderr.write(`connect failed: ${e.message}\n`);
  process.exit(3);
}
process.stdout.write('READY ' + JSON.stringify({ subscribers: subs.length, extensions: subs[0].ws.extensions,
  node: process.version, ws: (await import('ws/package.json', { with: { type: 'json' } }).catch(() => ({ default: {} }))).default.version }) + '\n');

if (opt.reportEvery > 0) {
  setInterval(() => { process.stdout.write(JSON.stringify(report(-1)) + '\n'); reset(); }, opt.reportEvery * 1000);
}
const rl = createInterface({ input: process.stdin });
rl.on('line', (line) => {
  const [cmd, arg] = line.trim().split(/\s+/);
  switch (cmd) {
    case 'sync': clockShift = 0; clockShift = parseInt(arg, 10) - nowMicros(); process.stdout.write('{"ok":true}\n'); break;
    case 'reset': reset(); process.stdout.write('{"ok":true}\n'); break;
    case 'report': process.stdout.write(JSON.stringify(report(arg === undefined ? -1 : parseInt(arg, 10))) + '\n'); break;
    case 'close': closeAll(); break;
    case '': break;
    default: process.stdout.write(JSON.stringify({ error: 'unknown command ' + cmd }) + '\n');
  }
});
rl.on('close', () => { if (opt.reportEvery <= 0) closeAll(); });
