package dev.tidings.plugin.store;

import dev.tidings.plugin.lifecycle.Workers;
import dev.tidings.plugin.lifecycle.Phase;
import dev.samplehost.api.PluginContext;
import dev.tidings.plugin.lifecycle.Managed;
import dev.tidings.plugin.config.TidingsConfig;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The SQLite implementation of {@link Database}: one long-lived writer connection owned by the
 * {@code tidings-db-writer} thread, which drains its queue and runs everything queued in one
 * transaction (a savepoint per work), and a small pool of read connections.
 *
 * <p>Reads use a bounded pool ({@code db.readConnections}, default 4) rather than one connection per
 * thread: Jetty's pool has up to hundreds of threads that come and go, and a connection per thread
 * would pin three files each (db, -wal, -shm) and never be closed. In WAL mode readers never block
 * the writer, so a handful of pooled connections is enough on a 2-core machine.
 *
 * <p>WAL checkpoints run on their own thread ({@code tidings-db-checkpoint}, own connection,
 * PASSIVE) instead of inside the writer's commits: SQLite's automatic checkpoint runs in the
 * committing thread and fsyncs twice, which measured about half the wall time of a 10,000-event
 * fan-out. Only when the WAL file grows past {@code db.walMaxBytes} (the background checkpoint
 * cannot finish while writes keep coming) does the writer run one blocking TRUNCATE checkpoint.
 */
@Singleton
public final class SqliteDatabase implements Database, Managed {

  private static final Logger log = LoggerFactory.getLogger(SqliteDatabase.class);

  /** Where the plugin's Flyway migrations live (V1 by the log, V2 by notifications). */
  public static final String MIGRATIONS = "classpath:db/tidings";

  private final Path file;
  private final int maxBatch;
  private final int maxQueue;
  private final int readConnections;
  private final Duration readWait;
  private final Duration stuckAfter;
  private final Duration checkpointInterval;
  private final long walMaxBytes;
  private final Timer commitTimer;
  private final DistributionSummary batchSize;
  private final BlockingQueue<Task<?>> queue = new LinkedBlockingQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  /** Set by the writer after a commit, cleared by the checkpointer. */
  private final AtomicBoolean walDirty = new AtomicBoolean();

  private volatile boolean accepting;
  private volatile long lastProgressNanos = System.nanoTime();
  private SQLiteDataSource dataSource;
  private Connection writer;
  // Prepared once: compiling SAVEPOINT/RELEASE for every work cost more than the work's insert.
  private PreparedStatement savepoint;
  private PreparedStatement release;
  private PreparedStatement rollbackTo;
  private Thread writerThread;
  private Path walFile;
  private Connection checkpointer; // checkpoint thread only
  private ScheduledExecutorService checkpointThread;
  private long lastCheckpointWarning;
  private BlockingQueue<Connection> idleReaders;
  private Semaphore readPermits;

  @Inject
  SqliteDatabase(PluginContext context, TidingsConfig config, MeterRegistry meters) {
    this(context.dataDirectory().resolve(config.getString("db.file", "tidings.db")), config, meters);
  }

  /** A database in {@code file} (tests open the same file twice to check restarts). */
  public SqliteDatabase(Path file, TidingsConfig config, MeterRegistry meters) {
    this.file = file;
    this.maxBatch = Math.max(1, config.getInt("db.maxBatch", 1000));
    this.maxQueue = Math.max(1, config.getInt("db.maxQueue", 100_000));
    this.readConnections = Math.max(1, config.getInt("db.readConnections", 4));
    this.readWait = config.getDuration("db.readWait", Duration.ofSeconds(10));
    this.stuckAfter = config.getDuration("db.stuckAfter", Duration.ofSeconds(30));
    this.checkpointInterval = config.getDuration("db.checkpointInterval", Duration.ofMillis(100));
    this.walMaxBytes = Math.max(1 << 20, config.getLong("db.walMaxBytes", 128L << 20));
    this.commitTimer = Timer.builder("tidings.log.commit")
        .description("Time to commit one group of writes on the writer thread")
        .publishPercentiles(0.5, 0.99)
        .register(meters);
    this.batchSize = DistributionSummary.builder("tidings.db.batch.size")
        .description("Works committed together in one transaction")
        .register(meters);
    Gauge.builder("tidings.db.queue.depth", queued, AtomicInteger::get)
        .description("Writes waiting for the writer thread")
        .register(meters);
  }

  @Override
  public Phase phase() {
    return Phase.STORE;
  }

  @Override
  public synchronized void start() throws SQLException, java.io.IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    SQLiteConfig cfg = new SQLiteConfig();
    cfg.setJournalMode(SQLiteConfig.JournalMode.WAL);
    cfg.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    cfg.setBusyTimeout(5000);
    // Otherwise sqlite-jdbc runs a regex and an extra "SELECT last_insert_rowid()" after every
    // insert (profiled: more than the insert itself); use RETURNING when a key is needed.
    cfg.setGetGeneratedKeys(false);
    // SQLiteDataSource, not DriverManager: DriverManager looks drivers up through the host's
    // class loader and does not see the plugin's sqlite-jdbc.
    dataSource = new SQLiteDataSource(cfg);
    dataSource.setUrl("jdbc:sqlite:" + file.toAbsolutePath());

    // The plugin's own class loader: with the host's context class loader Flyway finds no
    // migrations and only warns; failOnMissingLocations turns that into an error.
    Flyway.configure(SqliteDatabase.class.getClassLoader())
        .dataSource(dataSource)
        .locations(MIGRATIONS)
        .failOnMissingLocations(true)
        .load()
        .migrate();

    writer = dataSource.getConnection();
    try (Statement st = writer.createStatement()) {
      // Checkpoints are the checkpoint thread's job (see the class comment).
      st.execute("PRAGMA wal_autocheckpoint = 0");
    }
    writer.setAutoCommit(false);
    savepoint = writer.prepareStatement("SAVEPOINT work");
    release = writer.prepareStatement("RELEASE work");
    rollbackTo = writer.prepareStatement("ROLLBACK TO work");
    idleReaders = new ArrayBlockingQueue<>(readConnections);
    readPermits = new Semaphore(readConnections, true);
    accepting = true;
    lastProgressNanos = System.nanoTime();
    walFile = Path.of(file.toAbsolutePath() + "-wal");
    checkpointer = dataSource.getConnection();
    checkpointThread = Workers.timer("db-checkpoint");
    long every = Math.max(10, checkpointInterval.toMillis());
    checkpointThread.scheduleWithFixedDelay(this::checkpointIfDirty, every, every, TimeUnit.MILLISECONDS);
    writerThread = Workers.thread("db-writer", this::runWriter);
    log.info("Tidings database {} ready", file);
  }

  @Override
  public synchronized void stop() throws InterruptedException {
    if (writerThread == null) {
      return;
    }
    accepting = false;
    queue.add(Task.STOP);
    writerThread.join(TimeUnit.SECONDS.toMillis(30));
    if (writerThread.isAlive()) {
      log.warn("Tidings database writer did not stop in 30 s; interrupting it");
      writerThread.interrupt();
      writerThread.join(TimeUnit.SECONDS.toMillis(5));
    }
    writerThread = null;
    failRemaining(new RejectedExecutionException("The Tidings database is stopped"));
    checkpointThread.shutdown();
    if (!checkpointThread.awaitTermination(30, TimeUnit.SECONDS)) {
      log.warn("Tidings database checkpoint did not finish in 30 s");
      checkpointThread.shutdownNow();
    }
    closeQuietly(checkpointer);
    // Closing the last connection checkpoints what is left and removes the WAL.
    closeQuietly(writer);
    Connection c;
    while ((c = idleReaders.poll()) != null) {
      closeQuietly(c);
    }
  }

  @Override
  public <T> CompletableFuture<T> write(Work<T> work) {
    return write(work, null);
  }

  @Override
  public <T> CompletableFuture<T> write(Work<T> work, Outcome<? super T> outcome) {
    Task<T> task = new Task<>(work, outcome);
    if (!accepting) {
      task.future.completeExceptionally(new RejectedExecutionException("The Tidings database is not running"));
      return task.future;
    }
    // Never block the caller (often a push's HTTP thread): refuse instead when far behind.
    if (queued.incrementAndGet() > maxQueue) {
      queued.decrementAndGet();
      task.future.completeExceptionally(new RejectedExecutionException(
          "The Tidings database writer is " + maxQueue + " writes behind"));
      return task.future;
    }
    queue.add(task);
    return task.future;
  }

  @Override
  public <T> T read(Work<T> work) throws SQLException {
    try {
      if (!readPermits.tryAcquire(readWait.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new SQLException("No read connection free within " + readWait);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("Interrupted while waiting for a read connection", e);
    }
    Connection c = null;
    boolean healthy = false;
    try {
      c = idleReaders.poll();
      if (c == null) {
        c = openReader();
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
          idleReaders.offer(c);
        } else {
          try {
            c.rollback();
            idleReaders.offer(c);
          } catch (SQLException e) {
            closeQuietly(c);
          }
        }
      }
      readPermits.release();
    }
  }

  /** Whether the writer thread runs and is not stuck on a queue that does not move. */
  public boolean writerHealthy() {
    Thread t = writerThread;
    if (t == null || !t.isAlive()) {
      return false;
    }
    return queued.get() == 0 || System.nanoTime() - lastProgressNanos < stuckAfter.toNanos();
  }

  private Connection openReader() throws SQLException {
    Connection c = dataSource.getConnection();
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA query_only = true");
    }
    return c;
  }

  private void runWriter() {
    List<Task<?>> batch = new ArrayList<>();
    boolean stopping = false;
    while (!stopping) {
      try {
        Task<?> first = queue.take();
        batch.add(first);
        queue.drainTo(batch, maxBatch - 1);
      } catch (InterruptedException e) {
        break;
      }
      if (batch.remove(Task.STOP)) {
        stopping = true;
        // Finish what was queued before stop: drain everything left.
        queue.drainTo(batch);
        batch.remove(Task.STOP);
      }
      if (!batch.isEmpty()) {
        queued.addAndGet(-batch.size());
        runBatch(batch);
      }
      batch.clear();
      lastProgressNanos = System.nanoTime();
    }
  }

  private void runBatch(List<Task<?>> batch) {
    long start = System.nanoTime();
    int ok = 0;
    try {
      for (Task<?> task : batch) {
        savepoint.execute();
        try {
          task.run(writer);
          release.execute();
          ok++;
        } catch (Throwable e) {
          task.failure = e;
          rollbackTo.execute();
          release.execute();
        }
      }
      writer.commit();
    } catch (SQLException | RuntimeException e) {
      log.error("Tidings database group commit of {} writes failed", batch.size(), e);
      try {
        writer.rollback();
      } catch (SQLException r) {
        log.error("Rollback after a failed group commit failed too", r);
      }
      for (Task<?> task : batch) {
        task.fail(task.failure != null ? task.failure : e);
      }
      return;
    }
    commitTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    batchSize.record(ok);
    walDirty.set(true);
    restartWalIfHuge();
    for (Task<?> task : batch) {
      task.finish();
    }
  }

  /** Runs on the checkpoint thread: copies committed WAL frames into the database file. */
  private void checkpointIfDirty() {
    if (!walDirty.getAndSet(false)) {
      return;
    }
    try (Statement st = checkpointer.createStatement()) {
      // PASSIVE: never waits for the writer or readers, so it never holds up a commit.
      st.execute("PRAGMA wal_checkpoint(PASSIVE)");
    } catch (SQLException | RuntimeException e) {
      walDirty.set(true);
      long now = System.nanoTime();
      if (now - lastCheckpointWarning > TimeUnit.MINUTES.toNanos(1)) {
        lastCheckpointWarning = now;
        log.warn("Tidings database checkpoint failed (retrying)", e);
      }
    }
  }

  /**
   * Runs on the writer thread after a commit: a background checkpoint cannot finish while commits
   * keep adding frames, so past {@code db.walMaxBytes} the writer checkpoints and truncates the WAL
   * itself, once, waiting for it (what SQLite's automatic checkpoint did after every commit).
   */
  private void restartWalIfHuge() {
    long size;
    try {
      size = Files.size(walFile);
    } catch (java.io.IOException e) {
      return;
    }
    if (size <= walMaxBytes) {
      return;
    }
    try (Statement st = writer.createStatement()) {
      st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
      log.info("Tidings database WAL reached {} MiB: checkpointed on the writer thread", size >> 20);
    } catch (SQLException e) {
      log.warn("Tidings database WAL checkpoint on the writer failed", e);
    }
  }

  private void failRemaining(Throwable cause) {
    Task<?> task;
    while ((task = queue.poll()) != null) {
      if (task != Task.STOP) {
        queued.decrementAndGet();
        task.fail(cause);
      }
    }
  }

  private static void closeQuietly(Connection c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (SQLException e) {
      log.debug("Closing a connection failed", e);
    }
  }

  /** One queued work, its outcome callbacks and its future. */
  private static final class Task<T> {
    static final Task<Object> STOP = new Task<>(c -> null, null);

    final Work<T> work;
    final Outcome<? super T> outcome;
    final CompletableFuture<T> future = new CompletableFuture<>();
    T result;
    Throwable failure;

    Task(Work<T> work, Outcome<? super T> outcome) {
      this.work = work;
      this.outcome = outcome;
    }

    void run(Connection c) throws SQLException {
      result = work.run(c);
    }

    void finish() {
      if (failure != null) {
        fail(failure);
        return;
      }
      if (outcome != null) {
        try {
          outcome.committed(result);
        } catch (RuntimeException e) {
          log.error("A committed-callback failed", e);
        }
      }
      future.complete(result);
    }

    void fail(Throwable cause) {
      if (outcome != null) {
        try {
          outcome.rolledBack(cause);
        } catch (RuntimeException e) {
          log.error("A rolled-back callback failed", e);
        }
      }
      future.completeExceptionally(cause);
    }
  }
}
