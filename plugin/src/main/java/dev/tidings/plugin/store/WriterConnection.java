package dev.tidings.plugin.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where {@link GroupCommitWriter} gets the connection for its next group, and what happens after
 * the group: SQLite keeps one connection for ever and checkpoints its WAL after commits;
 * PostgreSQL takes a live connection from its pool, because a server restart breaks the old one.
 */
interface WriterConnection {

  /** The connection (auto-commit off) for the next group. */
  Connection get() throws SQLException;

  /** The group on {@code c} committed. */
  void committed(Connection c);

  /** The group on {@code c} failed and was rolled back (or the connection broke). */
  void failed(Connection c);

  /** After the writer stopped. */
  void close();
}
