package dev.tidings.plugin.notify;

import dev.tidings.testing.support.HostTest;

/** {@link NotificationFeedTest} with the notification tables on a real PostgreSQL ({@code store=postgresql}). */
@HostTest
class NotificationFeedPostgresTest extends NotificationFeedTest {

  @Override
  NotifyBackend backend() {
    return NotifyBackend.POSTGRESQL;
  }
}
