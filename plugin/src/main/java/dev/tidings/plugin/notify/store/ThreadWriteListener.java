package dev.tidings.plugin.notify.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Told about every batch of threads inside the transaction that writes them (on the writer's
 * connection), so that what it writes (e.g. the email outbox) commits or rolls back with the threads.
 */
public interface ThreadWriteListener {

  /**
   * {@code recipients}' threads on {@code subject} were upserted by event {@code eventId} (null for
   * an event without an id); must be quick: the writer is shared.
   */
  void written(Connection c, String eventId, ThreadSubject subject, List<Recipient> recipients, long now)
      throws SQLException;
}
