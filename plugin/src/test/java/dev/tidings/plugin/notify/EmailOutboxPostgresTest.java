package dev.tidings.plugin.notify;

import dev.tidings.testing.support.HostTest;

/** {@link EmailOutboxTest} on a real PostgreSQL ({@code store=postgresql}): two senders there are two connections. */
@HostTest
class EmailOutboxPostgresTest extends EmailOutboxTest {

  @Override
  NotifyBackend backend() {
    return NotifyBackend.POSTGRESQL;
  }
}
