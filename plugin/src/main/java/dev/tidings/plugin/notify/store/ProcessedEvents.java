package dev.tidings.plugin.notify.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Which events already wrote their notification threads (table {@code notify_processed}): the
 * claim runs in the same transaction as the threads, so an event processed again (a node took
 * over work, a retry after a timeout that had committed) changes nothing: no thread turns unread
 * again, nothing is counted twice. On PostgreSQL two nodes claiming at once meet at the primary
 * key: the second waits for the first's commit and then finds the row.
 */
public final class ProcessedEvents {

  private ProcessedEvents() {}

  /** True when this transaction is the first to process {@code eventId} (inside a write). */
  public static boolean claim(Connection c, String eventId, long now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO notify_processed (event_id, processed_at) VALUES (?, ?) ON CONFLICT (event_id) DO NOTHING")) {
      ps.setString(1, eventId);
      ps.setLong(2, now);
      return ps.executeUpdate() == 1;
    }
  }

  /** Forgets claims older than {@code cutoffMillis}, at most {@code max} (inside a write). */
  public static int prune(Connection c, long cutoffMillis, int max) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM notify_processed WHERE event_id IN "
        + "(SELECT event_id FROM notify_processed WHERE processed_at < ? LIMIT ?)")) {
      ps.setLong(1, cutoffMillis);
      ps.setInt(2, max);
      return ps.executeUpdate();
    }
  }
}
