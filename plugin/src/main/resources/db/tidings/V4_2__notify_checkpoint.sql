-- NOTIFY: how far each durable consumer of the event journal got. The router writes its row in
-- the same transaction as the notification threads of the event at `position`, so after a crash
-- or kill -9 it resumes with the first journal position after it, and no event is routed twice.
CREATE TABLE notify_checkpoint (
  consumer    TEXT    PRIMARY KEY,
  position    INTEGER NOT NULL,
  event_id    TEXT    NOT NULL DEFAULT '',
  updated_at  INTEGER NOT NULL
);
