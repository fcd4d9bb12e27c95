package dev.tidings.plugin.notify;

import dev.tidings.testing.support.HostTest;

/** {@link PresencePreferenceStoreTest} on a real PostgreSQL ({@code store=postgresql}, migration V8 there). */
@HostTest
class PresencePreferenceStorePostgresTest extends PresencePreferenceStoreTest {

  @Override
  NotifyBackend backend() {
    return NotifyBackend.POSTGRESQL;
  }
}
