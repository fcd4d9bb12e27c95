package dev.tidings.plugin.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;

/**
 * The plugin's SQLite file (WAL, Flyway-migrated): one writer thread that runs queued work in
 * grouped transactions, and separate connections for reads.
 */
public interface Database {

  /** Work against a JDBC connection. */
  @FunctionalInterface
  interface Work<T> {
    /** Runs with a connection the caller must not close or keep. */
    T run(Connection connection) throws SQLException;
  }

  /**
   * Runs {@code work} on the writer thread inside a transaction shared with whatever else was queued
   * (group commit); the future completes after the commit, or exceptionally if the work failed
   * (then only that work's changes are rolled back, through a savepoint).
   */
  <T> CompletableFuture<T> write(Work<T> work);

  /** Runs {@code work} on a read connection on the calling thread. */
  <T> T read(Work<T> work) throws SQLException;
}
