package dev.tidings.plugin.ops;

import dev.tidings.plugin.store.Database;
import dev.tidings.plugin.store.Notifications;
import jakarta.inject.Inject;

/**
 * Healthy while notification threads can be written: the same file as the log by default; with
 * {@code store=postgresql}, PostgreSQL's writer and reachability (down while the server is).
 */
final class NotifyStoreHealth implements HealthCheck {

  private final Database database;

  @Inject
  NotifyStoreHealth(@Notifications Database database) {
    this.database = database;
  }

  @Override
  public String name() {
    return "notify-store";
  }

  @Override
  public boolean healthy() {
    return database.healthy();
  }
}
