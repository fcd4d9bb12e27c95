-- PRESENCE: a user's presence choices (docs/presence.md); a missing row is the default
-- (visible, typing shown). Read when the user subscribes to a presence channel.
CREATE TABLE presence_preferences (
  user_login  TEXT    PRIMARY KEY,
  invisible   INTEGER NOT NULL,
  typing      INTEGER NOT NULL,
  updated_at  BIGINT  NOT NULL
);
