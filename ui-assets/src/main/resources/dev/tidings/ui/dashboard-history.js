// The pure parts of the dashboard (<tidings-dashboard>): which channels it follows, the long-poll
// cursor that reads each channel's recent history, and how histories are merged. No DOM, no network.

/** At most this many watched repositories are followed (one shared connection allows 100 channels in all). */
export const MAX_REPOS = 30;
/** Events of history read per repository on load. */
export const HISTORY_PER_REPO = 20;
/** Entries the dashboard keeps. */
export const MAX_ITEMS = 50;

/** `repo:{full_name}` for the first `max` repositories of a `/user/subscriptions` answer. */
export function watchedChannels(repos, max = MAX_REPOS) {
  const names = [];
  for (const r of Array.isArray(repos) ? repos : []) {
    const name = r && typeof r.full_name === 'string' ? r.full_name : null;
    if (name && !names.includes(`repo:${name}`)) names.push(`repo:${name}`);
  }
  return { channels: names.slice(0, max), skipped: Math.max(0, names.length - max) };
}

/**
 * The long-poll cursor (the server's format: URL-safe base64 of "channel epoch offset" lines) that
 * starts each channel `depth` events before its current position.
 */
export function historyCursor(positions, depth = HISTORY_PER_REPO) {
  const lines = [];
  for (const [channel, p] of Object.entries(positions || {})) {
    if (!p || typeof p.epoch !== 'string' || !Number.isInteger(p.offset)) continue;
    lines.push(`${channel} ${p.epoch} ${Math.max(0, p.offset - depth)}`);
  }
  if (lines.length === 0) return null;
  let binary = '';
  for (const b of new TextEncoder().encode(lines.join('\n'))) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The usable `{epoch, offset}` positions of a long-poll answer's `channels`. */
export function positionsOf(answer) {
  const out = {};
  const channels = answer && typeof answer.channels === 'object' && answer.channels ? answer.channels : {};
  for (const [channel, p] of Object.entries(channels)) {
    if (p && typeof p.epoch === 'string' && Number.isInteger(p.offset)) out[channel] = { epoch: p.epoch, offset: p.offset };
  }
  return out;
}

/**
 * The channels a long-poll answer marks `recovered:false`: the history cursor started before what
 * the log still holds (retention, or a gap longer than a resume may replay), so none of their
 * events came back.
 */
export function lostChannels(answer) {
  const channels = answer && typeof answer.channels === 'object' && answer.channels ? answer.channels : {};
  return Object.entries(channels).filter(([, p]) => p && p.recovered === false).map(([c]) => c);
}

/** The next, shallower history depth to try for channels whose log no longer reaches back that far; 0: give up. */
export function shallower(depth) {
  return Math.floor(depth / 2);
}

/** Events of several channels, newest first, each event once (by id), at most `max`. */
export function mergeHistory(events, max = MAX_ITEMS) {
  const seen = new Set();
  const out = [];
  for (const e of [...events].sort((a, b) => (b.timestamp || 0) - (a.timestamp || 0) || (b.offset || 0) - (a.offset || 0))) {
    if (!e || e.type !== 'event') continue;
    const key = e.id || `${e.channel}#${e.offset}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(e);
    if (out.length === max) break;
  }
  return out;
}

/**
 * Where an entry with timestamp `ts` goes in a newest-first list whose entries have `timestamps`:
 * the index of the first entry that is not newer (so of two with one timestamp, the later arrival
 * is on top). Replays after a reconnect come channel by channel; this keeps the list in time order
 * across repositories. An entry without a timestamp goes on top.
 */
export function placeOf(timestamps, ts) {
  if (!Number.isFinite(ts)) return 0;
  const i = timestamps.findIndex((t) => !(Number.isFinite(t) && t > ts));
  return i < 0 ? timestamps.length : i;
}
