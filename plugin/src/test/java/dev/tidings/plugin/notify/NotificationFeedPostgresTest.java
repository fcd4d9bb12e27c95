package dev.tidings.plugin.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidings.plugin.notify.route.NotificationFeed;
import dev.tidings.testing.support.HostTest;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link NotificationFeedTest} with the notification tables on a real PostgreSQL ({@code store=postgresql}). */
@HostTest
class NotificationFeedPostgresTest extends NotificationFeedTest {

  @Override
  NotifyBackend backend() {
    return NotifyBackend.POSTGRESQL;
  }

  @Test
  void switchingToPostgresqlGoesOnWhereRoutingStoppedInTheLocalFile() throws Exception {
    // Routed on SQLite before the switch: two events, the checkpoint at the second.
    f.pipeline.append(push("old-one")).get(10, TimeUnit.SECONDS);
    f.pipeline.append(push("old-two")).get(10, TimeUnit.SECONDS);
    long routedBefore = f.db.write(c -> {
      try (var ps = c.prepareStatement("INSERT INTO notify_checkpoint (consumer, position, event_id, updated_at) "
          + "SELECT 'notification-router', max(position), '', 0 FROM event_journal")) {
        ps.executeUpdate();
      }
      try (var rs = c.createStatement().executeQuery("SELECT position FROM notify_checkpoint")) {
        rs.next();
        return rs.getLong(1);
      }
    }).get(10, TimeUnit.SECONDS);
    assertThat(routedBefore).isPositive();

    NotificationFeed feed = feed();
    feed.start();
    try {
      assertThat(feed.position()).isEqualTo(routedBefore);
      // Nothing of the old events reaches PostgreSQL; a new one does.
      f.pipeline.append(push("new")).get(10, TimeUnit.SECONDS);
      dev.tidings.testing.support.Await.until("the new event routed", java.time.Duration.ofSeconds(20),
          () -> java.util.Optional.of(feed.position()).filter(p -> p > routedBefore));
    } finally {
      feed.stop();
    }
    long threads = f.notifyDb.read(c -> {
      try (var rs = c.createStatement().executeQuery("SELECT count(*) FROM notify_thread")) {
        rs.next();
        return rs.getLong(1);
      }
    });
    assertThat(threads).isEqualTo(1);
  }

  @Test
  void nodesSharingTheDatabaseKeepACheckpointEach() throws Exception {
    // Another node's router, further on in its own journal.
    f.notifyDb.write(c -> {
      try (var ps = c.prepareStatement("INSERT INTO notify_checkpoint (consumer, position, event_id, updated_at) "
          + "VALUES ('node-a', 999, '', 0)")) {
        return ps.executeUpdate();
      }
    }).get(10, TimeUnit.SECONDS);
    java.util.Properties p = new java.util.Properties();
    p.setProperty("notify.feed.consumer", "node-b");
    NotificationFeed feed = feed(p);
    feed.start();
    try {
      assertThat(feed.position()).isZero();
      f.pipeline.append(push("mine")).get(10, TimeUnit.SECONDS);
      dev.tidings.testing.support.Await.until("the event routed", java.time.Duration.ofSeconds(20),
          () -> java.util.Optional.of(feed.position()).filter(pos -> pos > 0));
    } finally {
      feed.stop();
    }
    String rows = f.notifyDb.read(c -> {
      try (var rs = c.createStatement().executeQuery(
          "SELECT string_agg(consumer || '=' || position, ',' ORDER BY consumer) FROM notify_checkpoint")) {
        rs.next();
        return rs.getString(1);
      }
    });
    assertThat(rows).isEqualTo("node-a=999,node-b=" + feed.position());
  }
}
