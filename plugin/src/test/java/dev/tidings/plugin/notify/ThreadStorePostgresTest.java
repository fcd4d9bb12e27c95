package dev.tidings.plugin.notify;

import dev.tidings.testing.support.HostTest;

/** {@link ThreadStoreTest} with the notification tables on a real PostgreSQL ({@code store=postgresql}). */
@HostTest
class ThreadStorePostgresTest extends ThreadStoreTest {

  @Override
  NotifyBackend backend() {
    return NotifyBackend.POSTGRESQL;
  }
}
