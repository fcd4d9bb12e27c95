-- Tidings event log (owned by the log package; see docs/configuration.md for retention).

-- Settings the plugin keeps about its own database.
CREATE TABLE tidings_meta (
  meta_key   TEXT PRIMARY KEY,
  meta_value TEXT NOT NULL
);

-- The epoch new channels start with: random, made once per database, so it changes only when the
-- database (the history) is lost. A channel keeps the epoch it was created with.
INSERT INTO tidings_meta (meta_key, meta_value) VALUES ('log.epoch', lower(hex(randomblob(4))));

-- Each event once, whatever the number of channels it went to.
CREATE TABLE events (
  id         TEXT PRIMARY KEY,
  type       TEXT NOT NULL,
  repository TEXT,
  actor      TEXT,
  ts         INTEGER NOT NULL,   -- epoch milliseconds
  data       TEXT NOT NULL       -- JSON object
);

-- Every channel ever written: its epoch and the offset of its latest event (offsets never go back,
-- even when retention removed every entry).
CREATE TABLE channels (
  name        TEXT PRIMARY KEY,
  epoch       TEXT NOT NULL,
  last_offset INTEGER NOT NULL,
  created_at  INTEGER NOT NULL
) WITHOUT ROWID;

-- The per-channel order: offset N of channel C is event E.
CREATE TABLE entries (
  channel        TEXT NOT NULL,
  channel_offset INTEGER NOT NULL,
  event_id       TEXT NOT NULL,
  ts             INTEGER NOT NULL,   -- the event's time, kept here so age pruning needs no join
  PRIMARY KEY (channel, channel_offset)
) WITHOUT ROWID;

CREATE INDEX entries_event_id ON entries (event_id);
CREATE INDEX entries_ts ON entries (ts);
