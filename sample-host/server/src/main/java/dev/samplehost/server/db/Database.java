package dev.samplehost.server.db;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.ReentrantLock;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The host's SQLite database: one long-lived connection in WAL mode, migrated by Flyway, used
 * under one lock so that each unit of work is a transaction and no two threads interleave.
 *
 * <p>Several nodes (processes) may open the same file. Every {@link #tx} therefore starts with
 * {@code BEGIN IMMEDIATE}: it takes SQLite's write lock up front, waiting for another node's write
 * through the busy handler (up to {@link #BUSY_TIMEOUT_MS}), instead of reading first and failing
 * with {@code SQLITE_BUSY} ("database is locked") when the lock upgrade finds that another node
 * wrote meanwhile. Reads never wait for writers in WAL mode; the busy handler covers the rare
 * moments when they must (WAL recovery), too.
 */
public final class Database implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);

  /** A unit of work run inside a transaction. */
  @FunctionalInterface
  public interface Work<T> {
    /** Runs against the connection; any exception rolls the transaction back. */
    T run(Sql sql) throws SQLException;
  }

  /** How long one statement (or {@code BEGIN IMMEDIATE}) waits for another node's lock before failing. */
  public static final int BUSY_TIMEOUT_MS = 10_000;

  private final ReentrantLock lock = new ReentrantLock();
  private final Connection connection;
  private final Sql sql;
  /** Whether this connection is inside {@link #tx} (a nested tx joins the outer one). */
  private boolean inTransaction;

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
    config.setBusyTimeout(BUSY_TIMEOUT_MS);
    SQLiteDataSource dataSource = new SQLiteDataSource(config);
    dataSource.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
    migrate(file, dataSource);
    try {
      Connection connection = dataSource.getConnection();
      LOG.debug("Opened {}", file);
      return new Database(connection);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot open database " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Flyway keeps no lock of its own on SQLite: nodes that start together on a fresh folder would
   * both run V1. A lock file next to the database serialises them; the second finds the schema current.
   */
  private static void migrate(Path file, SQLiteDataSource dataSource) {
    DataFolderLock.holding(file.resolveSibling(file.getFileName() + ".migrate.lock"), () ->
        // Flyway must see our class loader's resources, not the context class loader's (pitfall 8).
        Flyway.configure(Database.class.getClassLoader())
            .dataSource(dataSource)
            .locations("classpath:db/host")
            .failOnMissingLocations(true)
            .load()
            .migrate());
  }

  /**
   * Runs {@code work} in one write transaction ({@code BEGIN IMMEDIATE}) and returns its result;
   * SQL errors become unchecked. A {@code tx} inside a {@code tx} joins the outer transaction.
   */
  public <T> T tx(Work<T> work) {
    lock.lock();
    try {
      if (inTransaction) {
        return work.run(sql);
      }
      begin();
      inTransaction = true;
      try {
        T result = work.run(sql);
        execute("COMMIT");
        return result;
      } catch (RuntimeException | SQLException e) {
        rollback(e);
        throw e instanceof SQLException se ? new DatabaseException(se) : (RuntimeException) e;
      } finally {
        inTransaction = false;
      }
    } catch (SQLException e) {
      throw new DatabaseException(e);
    } finally {
      lock.unlock();
    }
  }

  private void begin() throws SQLException {
    try {
      execute("BEGIN IMMEDIATE");
    } catch (SQLException e) {
      if (e.getMessage() != null && e.getMessage().contains("SQLITE_BUSY")) {
        // Only a node that kept the write lock past the busy timeout gets here: say so plainly.
        throw new SQLException("the database stayed locked by another node for more than "
            + BUSY_TIMEOUT_MS + " ms: " + e.getMessage(), e.getSQLState(), e.getErrorCode(), e);
      }
      throw e;
    }
  }

  private void rollback(Exception cause) {
    try {
      execute("ROLLBACK");
    } catch (SQLException e) {
      // Some errors (SQLITE_FULL, SQLITE_IOERR, ...) already rolled back; nothing is left to undo then.
      if (e.getMessage() == null || !e.getMessage().contains("no transaction is active")) {
        cause.addSuppressed(e);
      }
    }
  }

  private void execute(String statement) throws SQLException {
    try (Statement st = connection.createStatement()) {
      st.execute(statement);
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
