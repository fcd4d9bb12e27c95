package dev.tidings.plugin.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;

/**
 * A Flyway-migrated database (the plugin's SQLite file, or PostgreSQL for notifications): one writer thread that runs queued work in
 * grouped transactions, and separate connections for reads. JDBC generated keys are switched off
 * (they cost an extra query per insert): use {@code INSERT ... RETURNING id} when you need a key.
 */
public interface Database {

  /** Work against a JDBC connection. */
  @FunctionalInterface
  interface Work<T> {
    /** Runs with a connection the caller must not close or keep. */
    T run(Connection connection) throws SQLException;
  }

  /**
   * Callbacks run on the writer thread once a work's fate is known: in commit order and before the
   * next group starts, so state kept in memory by the writer (e.g. channel offsets) stays in step.
   */
  interface Outcome<T> {
    /** The work's changes are committed; must be quick and must not throw. */
    void committed(T result);

    /** The work's changes were undone (its own failure or the group commit failed). */
    default void rolledBack(Throwable cause) {}
  }

  /**
   * Runs {@code work} on the writer thread inside a transaction shared with whatever else was queued
   * (group commit); the future completes after the commit, or exceptionally if the work failed
   * (then only that work's changes are rolled back, through a savepoint).
   *
   * <p>The future is completed on the writer thread: stages chained with non-async methods
   * ({@code thenApply}, {@code thenAccept}, ...) run there too, so keep them short and never wait
   * for another write inside them (that would deadlock the writer); use the {@code ...Async}
   * variants with your own executor for anything more.
   */
  <T> CompletableFuture<T> write(Work<T> work);

  /**
   * Like {@link #write(Work)}, and {@code outcome} is told on the writer thread right after the
   * commit (or rollback), before the returned future completes.
   */
  <T> CompletableFuture<T> write(Work<T> work, Outcome<? super T> outcome);

  /** Runs {@code work} on a read connection on the calling thread. */
  <T> T read(Work<T> work) throws SQLException;

  /** Whether writes can commit now: the writer runs and moves (and a server is reachable); cheap, never blocks. */
  boolean healthy();
}
