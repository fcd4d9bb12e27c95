package dev.samplehost.server.db;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The host's SQLite database: one long-lived connection in WAL mode, migrated by Flyway, used
 * under one lock so that each unit of work is a transaction and no two threads interleave.
 */
public final class Database implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);

  /** A unit of work run inside a transaction. */
  @FunctionalInterface
  public interface Work<T> {
    /** Runs against the connection; any exception rolls the transaction back. */
    T run(Sql sql) throws SQLException;
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final Connection connection;
  private final Sql sql;

  private Database(Connection connection) {
    this.connection = connection;
    this.sql = new Sql(connection);
  }

  /** Opens (creating if needed) and migrates the database file {@code file}. */
  public static Database open(Path file) {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    config.enforceForeignKeys(true);
    config.setBusyTimeout(10_000);
    SQLiteDataSource dataSource = new SQLiteDataSource(config);
    dataSource.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
    // Flyway must see our class loader's resources, not the context class loader's (pitfall 8).
    Flyway.configure(Database.class.getClassLoader())
        .dataSource(dataSource)
        .locations("classpath:db/host")
        .failOnMissingLocations(true)
        .load()
        .migrate();
    try {
      Connection connection = dataSource.getConnection();
      LOG.debug("Opened {}", file);
      return new Database(connection);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot open database " + file + ": " + e.getMessage(), e);
    }
  }

  /** Runs {@code work} in one transaction and returns its result; SQL errors become unchecked. */
  public <T> T tx(Work<T> work) {
    lock.lock();
    try {
      connection.setAutoCommit(false);
      try {
        T result = work.run(sql);
        connection.commit();
        return result;
      } catch (RuntimeException e) {
        connection.rollback();
        throw e;
      } catch (SQLException e) {
        connection.rollback();
        throw new DatabaseException(e);
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new DatabaseException(e);
    } finally {
      lock.unlock();
    }
  }

  /** Runs read-only {@code work} (same lock, no explicit transaction). */
  public <T> T read(Work<T> work) {
    lock.lock();
    try {
      return work.run(sql);
    } catch (SQLException e) {
      throw new DatabaseException(e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      connection.close();
    } catch (SQLException e) {
      LOG.warn("Closing the database failed: {}", e.getMessage());
    } finally {
      lock.unlock();
    }
  }

  /** An unexpected SQL failure (a bug or a broken disk, never bad user input). */
  public static final class DatabaseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DatabaseException(SQLException cause) {
      super(cause.getMessage(), cause);
    }
  }
}
