package dev.tidings.plugin.ops;

import dev.tidings.plugin.store.SqliteDatabase;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/** Healthy while the database's writer thread runs and its queue moves. */
@Singleton
final class LogWriterHealth implements HealthCheck {

  private final SqliteDatabase database;

  @Inject
  LogWriterHealth(SqliteDatabase database) {
    this.database = database;
  }

  @Override
  public String name() {
    return "log-writer";
  }

  @Override
  public boolean healthy() {
    return database.writerHealthy();
  }
}
