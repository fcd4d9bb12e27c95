package dev.tidings.plugin.store;

import com.zaxxer.hikari.HikariDataSource;
import dev.tidings.plugin.lifecycle.Managed;
import dev.tidings.plugin.lifecycle.Phase;
import dev.tidings.plugin.lifecycle.Workers;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Database} on PostgreSQL ({@code store=postgresql}) for the notification tables: the same
 * contract as {@link SqliteDatabase}. Writes go through one {@link GroupCommitWriter} thread
 * ({@code tidings-pg-writer}): queue order, one transaction per group with a savepoint per work,
 * the bounded queue ({@code db.maxQueue}) and the outcome callbacks in commit order, exactly as on
 * SQLite. Reads take a pooled connection (HikariCP) in one read-only REPEATABLE READ transaction,
 * so a count and its page agree.
 *
 * <p>When the server is down, writes and reads fail after {@code postgresql.connectTimeout}
 * instead of piling up, {@link #healthy()} turns false (the writer's last group failed, or the
 * probe every {@code postgresql.probeInterval} found no server), and both recover by themselves
 * once the server is back: the pool opens new connections.
 */
public final class PostgresDatabase implements Database, Managed {

  private static final Logger log = LoggerFactory.getLogger(PostgresDatabase.class);

  private final PostgresSettings settings;
  private final GroupCommitWriter writer;
  private volatile HikariDataSource pool;
  private volatile boolean reachable;
  private ScheduledExecutorService probe;
  private boolean running; // guarded by this

  public PostgresDatabase(PostgresSettings settings, MeterRegistry meters) {
    this.settings = settings;
    this.writer = new GroupCommitWriter("pg-writer", settings.maxBatch(), settings.maxQueue(), settings.stuckAfter(),
        meters);
  }

  @Override
  public Phase phase() {
    return Phase.STORE;
  }

  @Override
  public synchronized void start() {
    pool = PostgresOpener.open(settings);
    reachable = true;
    writer.start(new PostgresWriterConnection(pool, () -> reachable = true, () -> reachable = false));
    probe = Workers.timer("pg-probe");
    long every = Math.max(100, settings.probeInterval().toMillis());
    probe.scheduleWithFixedDelay(this::probe, every, every, TimeUnit.MILLISECONDS);
    running = true;
    log.info("Tidings notification database on PostgreSQL {} ready", settings.url());
  }

  @Override
  public synchronized void stop() throws InterruptedException {
    if (!running) {
      return;
    }
    running = false;
    probe.shutdownNow();
    probe.awaitTermination(5, TimeUnit.SECONDS);
    writer.stop();
    pool.close();
  }

  @Override
  public <T> CompletableFuture<T> write(Work<T> work) {
    return writer.submit(work, null);
  }

  @Override
  public <T> CompletableFuture<T> write(Work<T> work, Outcome<? super T> outcome) {
    return writer.submit(work, outcome);
  }

  @Override
  public <T> T read(Work<T> work) throws SQLException {
    HikariDataSource p = pool;
    if (p == null || p.isClosed()) {
      throw new SQLException("The Tidings PostgreSQL database is not running");
    }
    try (Connection c = p.getConnection()) {
      c.setAutoCommit(false);
      c.setReadOnly(true);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      try {
        return work.run(c);
      } finally {
        c.rollback();
      }
    }
  }

  /** The writer runs and moves, and the server answered the last write or probe. */
  @Override
  public boolean healthy() {
    return reachable && writer.healthy();
  }

  private void probe() {
    try {
      reachable = read(c -> c.isValid(2));
    } catch (SQLException | RuntimeException e) {
      if (reachable) {
        log.warn("Tidings PostgreSQL database unreachable: {}", e.toString());
      }
      reachable = false;
    }
  }
}
