package dev.tidings.plugin.store;

import dev.tidings.plugin.lifecycle.Workers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WAL checkpoints on their own {@code tidings-db-checkpoint} thread and connection (PASSIVE)
 * instead of inside the writer's commits: SQLite's automatic checkpoint runs in the committing
 * thread and fsyncs twice, which measured about half the wall time of a 10,000-event fan-out.
 * Only when the WAL grows past {@code maxBytes} (the background checkpoint cannot finish while
 * writes keep coming) does the writer run one blocking TRUNCATE checkpoint itself.
 */
final class WalCheckpointer {

  private static final Logger log = LoggerFactory.getLogger(WalCheckpointer.class);

  private final Path walFile;
  private final Duration interval;
  private final long maxBytes;
  /** Set by the writer after a commit, cleared by the checkpointer. */
  private final AtomicBoolean dirty = new AtomicBoolean();
  private Connection connection; // checkpoint thread only
  private ScheduledExecutorService thread;
  private long lastWarning;

  WalCheckpointer(Path databaseFile, Duration interval, long maxBytes) {
    this.walFile = Path.of(databaseFile.toAbsolutePath() + "-wal");
    this.interval = interval;
    this.maxBytes = maxBytes;
  }

  void start(DataSource dataSource) throws SQLException {
    connection = dataSource.getConnection();
    thread = Workers.timer("db-checkpoint");
    long every = Math.max(10, interval.toMillis());
    thread.scheduleWithFixedDelay(this::checkpointIfDirty, every, every, TimeUnit.MILLISECONDS);
  }

  void stop() throws InterruptedException {
    Workers.stop(thread, 30_000);
    SqliteDatabase.closeQuietly(connection);
  }

  /**
   * Runs on the writer thread after each commit: marks the WAL for the background checkpoint, and
   * past {@code maxBytes} checkpoints and truncates it on {@code writer}, waiting for it.
   */
  void committed(Connection writer) {
    dirty.set(true);
    long size;
    try {
      size = Files.size(walFile);
    } catch (IOException e) {
      return;
    }
    if (size <= maxBytes) {
      return;
    }
    try (Statement st = writer.createStatement()) {
      st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
      log.info("Tidings database WAL reached {} MiB: checkpointed on the writer thread", size >> 20);
    } catch (SQLException e) {
      log.warn("Tidings database WAL checkpoint on the writer failed", e);
    }
  }

  /** Checkpoint thread: copies committed WAL frames into the database file. */
  private void checkpointIfDirty() {
    if (!dirty.getAndSet(false)) {
      return;
    }
    try (Statement st = connection.createStatement()) {
      // PASSIVE: never waits for the writer or readers, so it never holds up a commit.
      st.execute("PRAGMA wal_checkpoint(PASSIVE)");
    } catch (SQLException | RuntimeException e) {
      dirty.set(true);
      long now = System.nanoTime();
      if (now - lastWarning > TimeUnit.MINUTES.toNanos(1)) {
        lastWarning = now;
        log.warn("Tidings database checkpoint failed (retrying)", e);
      }
    }
  }
}
