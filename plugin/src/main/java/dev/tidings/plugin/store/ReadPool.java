package dev.tidings.plugin.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * A bounded pool of query-only connections, rather than one per thread: Jetty's pool has up to
 * hundreds of threads that come and go, and a connection per thread would pin three files each
 * (db, -wal, -shm) and never be closed. In WAL mode readers never block the writer, so a handful
 * is enough on a 2-core machine.
 */
final class ReadPool {

  private final DataSource dataSource;
  private final Duration wait;
  private final BlockingQueue<Connection> idle;
  private final Semaphore permits;

  ReadPool(DataSource dataSource, int size, Duration wait) {
    this.dataSource = dataSource;
    this.wait = wait;
    this.idle = new ArrayBlockingQueue<>(size);
    this.permits = new Semaphore(size, true);
  }

  /** Runs {@code work} on a pooled connection, in one read transaction, on the calling thread. */
  <T> T read(Database.Work<T> work) throws SQLException {
    try {
      if (!permits.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new SQLException("No read connection free within " + wait);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("Interrupted while waiting for a read connection", e);
    }
    Connection c = null;
    boolean healthy = false;
    try {
      c = idle.poll();
      if (c == null) {
        c = open();
      }
      // One transaction per read: a consistent WAL snapshot for the whole work, ended right
      // after so that checkpoints are not held back.
      T result = work.run(c);
      c.rollback();
      healthy = true;
      return result;
    } finally {
      if (c != null) {
        if (healthy) {
          idle.offer(c);
        } else {
          try {
            c.rollback();
            idle.offer(c);
          } catch (SQLException e) {
            SqliteDatabase.closeQuietly(c);
          }
        }
      }
      permits.release();
    }
  }

  /** Closes the idle connections (at stop, when no read runs). */
  void close() {
    Connection c;
    while ((c = idle.poll()) != null) {
      SqliteDatabase.closeQuietly(c);
    }
  }

  private Connection open() throws SQLException {
    Connection c = dataSource.getConnection();
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA query_only = true");
    }
    return c;
  }
}
