package dev.tidings.plugin.notify.email;

import dev.tidings.plugin.notify.store.Recipient;
import dev.tidings.plugin.notify.store.ThreadSubject;
import dev.tidings.plugin.notify.store.ThreadWriteListener;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/**
 * Fills the email outbox in the thread write's transaction: the threads and their emails commit
 * together or not at all. The event id is the dedupe key (an event is written once, see
 * {@code ProcessedEvents}); an event without an id gets a fresh key.
 */
@Singleton
public final class OutboxWriter implements ThreadWriteListener {

  private final EmailSettings settings;
  private final DigestSchedule digest;

  @Inject
  public OutboxWriter(EmailSettings settings) {
    this.settings = settings;
    this.digest = new DigestSchedule(settings.digestHour(), settings.digestZone());
  }

  @Override
  public void written(Connection c, String eventId, ThreadSubject subject, List<Recipient> recipients, long now)
      throws SQLException {
    if (!settings.enabled() || recipients.isEmpty()) {
      return;
    }
    EmailStore.enqueue(c, eventId != null ? eventId : "w-" + UUID.randomUUID(), subject, recipients, now, digest);
  }
}
