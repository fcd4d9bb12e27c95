package dev.tidings.plugin.notify;

import dev.tidings.testing.support.HostTest;

/** {@link RouterMatrixTest} with the notification tables on a real PostgreSQL ({@code store=postgresql}). */
@HostTest
class RouterMatrixPostgresTest extends RouterMatrixTest {

  @Override
  NotifyBackend backend() {
    return NotifyBackend.POSTGRESQL;
  }
}
