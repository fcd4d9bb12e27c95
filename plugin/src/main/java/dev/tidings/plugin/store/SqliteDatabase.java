package dev.tidings.plugin.store;

import dev.samplehost.api.PluginContext;
import dev.tidings.plugin.config.TidingsConfig;
import dev.tidings.plugin.lifecycle.Managed;
import dev.tidings.plugin.lifecycle.Phase;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteDataSource;

/**
 * The SQLite implementation of {@link Database}, composed of its mechanisms: {@link SqliteOpener}
 * (data source and migrations), {@link GroupCommitWriter} (the {@code tidings-db-writer} thread
 * and its group commits), {@link ReadPool} ({@code db.readConnections} query-only connections,
 * default 4) and {@link WalCheckpointer} (background checkpoints, {@code db.checkpointInterval},
 * {@code db.walMaxBytes}).
 */
@Singleton
public final class SqliteDatabase implements Database, Managed {

  private static final Logger log = LoggerFactory.getLogger(SqliteDatabase.class);

  /** Where the plugin's Flyway migrations live (V1 by the log, V2 by notifications). */
  public static final String MIGRATIONS = SqliteOpener.MIGRATIONS;

  private final Path file;
  private final int readConnections;
  private final Duration readWait;
  private final GroupCommitWriter writer;
  private final WalCheckpointer wal;
  private volatile ReadPool reads;
  private boolean running; // guarded by this

  @Inject
  SqliteDatabase(PluginContext context, TidingsConfig config, MeterRegistry meters) {
    this(context.dataDirectory().resolve(config.getString("db.file", "tidings.db")), config, meters);
  }

  /** A database in {@code file} (tests open the same file twice to check restarts). */
  public SqliteDatabase(Path file, TidingsConfig config, MeterRegistry meters) {
    this.file = file;
    this.readConnections = Math.max(1, config.getInt("db.readConnections", 4));
    this.readWait = config.getDuration("db.readWait", Duration.ofSeconds(10));
    this.writer = new GroupCommitWriter(Math.max(1, config.getInt("db.maxBatch", 1000)),
        Math.max(1, config.getInt("db.maxQueue", 100_000)), config.getDuration("db.stuckAfter", Duration.ofSeconds(30)),
        meters);
    this.wal = new WalCheckpointer(file, config.getDuration("db.checkpointInterval", Duration.ofMillis(100)),
        Math.max(1 << 20, config.getLong("db.walMaxBytes", 128L << 20)));
  }

  @Override
  public Phase phase() {
    return Phase.STORE;
  }

  @Override
  public synchronized void start() throws SQLException, IOException {
    SQLiteDataSource dataSource = SqliteOpener.open(file);
    reads = new ReadPool(dataSource, readConnections, readWait);
    wal.start(dataSource);
    writer.start(dataSource.getConnection(), wal);
    running = true;
    log.info("Tidings database {} ready", file);
  }

  @Override
  public synchronized void stop() throws InterruptedException {
    if (!running) {
      return;
    }
    running = false;
    writer.stop();
    wal.stop();
    // Closing the last connection checkpoints what is left and removes the WAL.
    closeQuietly(writer.connection());
    // Idle readers go; a read after stop opens its own connection, as before the split.
    reads.close();
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
    ReadPool pool = reads;
    if (pool == null) {
      throw new SQLException("The Tidings database is not running");
    }
    return pool.read(work);
  }

  /** Whether the writer thread runs and is not stuck on a queue that does not move. */
  public boolean writerHealthy() {
    return writer.healthy();
  }

  static void closeQuietly(Connection c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (SQLException e) {
      log.debug("Closing a connection failed", e);
    }
  }
}
