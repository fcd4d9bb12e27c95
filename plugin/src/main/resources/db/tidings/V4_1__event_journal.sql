-- The log's global journal (LOG): every repository event once, in commit order, with everything
-- a consumer needs to act on it again after a crash (repository and actor ids, mentions, subject),
-- which the wire-shaped rows of `events` do not keep. Written in the same transaction as the
-- event's `events`/`entries` rows. AUTOINCREMENT: a position is never reused, even after
-- retention emptied the table, so a consumer's checkpoint can never point past a newer event.
CREATE TABLE event_journal (
  position  INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id  TEXT    NOT NULL,
  ts        INTEGER NOT NULL,   -- the event's time, epoch milliseconds (age retention)
  event     TEXT    NOT NULL    -- the TidingsEvent as JSON (EventJournal's codec)
);
CREATE INDEX ix_event_journal_ts ON event_journal (ts);
