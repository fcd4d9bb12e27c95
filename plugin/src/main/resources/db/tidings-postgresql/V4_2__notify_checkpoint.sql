-- NOTIFY: SQLite's V4_2. The router's checkpoint lives with the threads (it commits with them),
-- so it is here too; its position is a position of the SQLite journal this node reads.
CREATE TABLE notify_checkpoint (
  consumer    TEXT    PRIMARY KEY,
  position    BIGINT  NOT NULL,
  event_id    TEXT    NOT NULL DEFAULT '',
  updated_at  BIGINT  NOT NULL
);
