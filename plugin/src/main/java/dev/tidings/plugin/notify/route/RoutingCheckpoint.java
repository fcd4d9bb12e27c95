package dev.tidings.plugin.notify.route;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Something to write in the same transaction as an event's effects (the feed's checkpoint);
 * {@link #written()} tells afterwards whether a transaction of the event carried it.
 */
public interface RoutingCheckpoint {

  /** Writes the checkpoint with {@code c}, inside the event's transaction (on the writer thread). */
  void write(Connection c) throws SQLException;

  /** True once {@link #write} ran in a transaction that committed. */
  boolean written();

  /** Writes {@code checkpoint} when there is one. */
  static void mark(Connection c, RoutingCheckpoint checkpoint) throws SQLException {
    if (checkpoint != null) {
      checkpoint.write(c);
    }
  }
}
