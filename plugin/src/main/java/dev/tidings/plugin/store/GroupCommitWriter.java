package dev.tidings.plugin.store;

import dev.tidings.plugin.lifecycle.Workers;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code tidings-db-writer} thread and its queue: it owns the one writer connection, drains
 * what is queued (up to {@code maxBatch}) and runs it in one transaction with a savepoint per work
 * (group commit). After the commit it tells each work's {@link Database.Outcome} and completes its
 * future, in queue order, before it takes the next group.
 */
final class GroupCommitWriter {

  private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);

  private final int maxBatch;
  private final int maxQueue;
  private final Duration stuckAfter;
  private final Timer commitTimer;
  private final DistributionSummary batchSize;
  private final BlockingQueue<Task<?>> queue = new LinkedBlockingQueue<>();
  private final AtomicInteger queued = new AtomicInteger();

  private volatile boolean accepting;
  private volatile long lastProgressNanos = System.nanoTime();
  private Connection writer; // writer thread only, once started
  // Prepared once: compiling SAVEPOINT/RELEASE for every work cost more than the work's insert.
  private PreparedStatement savepoint;
  private PreparedStatement release;
  private PreparedStatement rollbackTo;
  private WalCheckpointer wal;
  private Thread thread;

  GroupCommitWriter(int maxBatch, int maxQueue, Duration stuckAfter, MeterRegistry meters) {
    this.maxBatch = maxBatch;
    this.maxQueue = maxQueue;
    this.stuckAfter = stuckAfter;
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

  /** Takes over {@code connection} (checkpoints are {@code wal}'s job) and starts the thread. */
  void start(Connection connection, WalCheckpointer wal) throws SQLException {
    this.writer = connection;
    this.wal = wal;
    try (Statement st = writer.createStatement()) {
      st.execute("PRAGMA wal_autocheckpoint = 0");
    }
    writer.setAutoCommit(false);
    savepoint = writer.prepareStatement("SAVEPOINT work");
    release = writer.prepareStatement("RELEASE work");
    rollbackTo = writer.prepareStatement("ROLLBACK TO work");
    accepting = true;
    lastProgressNanos = System.nanoTime();
    thread = Workers.thread("db-writer", this::run);
  }

  /** Finishes what was queued before, then fails anything queued after; closes the connection. */
  void stop() throws InterruptedException {
    if (thread == null) {
      return;
    }
    accepting = false;
    queue.add(Task.STOP);
    thread.join(TimeUnit.SECONDS.toMillis(30));
    if (thread.isAlive()) {
      log.warn("Tidings database writer did not stop in 30 s; interrupting it");
      thread.interrupt();
      thread.join(TimeUnit.SECONDS.toMillis(5));
    }
    thread = null;
    failRemaining(new RejectedExecutionException("The Tidings database is stopped"));
  }

  /** The connection, for closing after the checkpointer stopped. */
  Connection connection() {
    return writer;
  }

  <T> CompletableFuture<T> submit(Database.Work<T> work, Database.Outcome<? super T> outcome) {
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

  /** Whether the thread runs and is not stuck on a queue that does not move. */
  boolean healthy() {
    Thread t = thread;
    if (t == null || !t.isAlive()) {
      return false;
    }
    return queued.get() == 0 || System.nanoTime() - lastProgressNanos < stuckAfter.toNanos();
  }

  private void run() {
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
    wal.committed(writer);
    for (Task<?> task : batch) {
      task.finish();
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

  /** One queued work, its outcome callbacks and its future. */
  private static final class Task<T> {
    static final Task<Object> STOP = new Task<>(c -> null, null);

    final Database.Work<T> work;
    final Database.Outcome<? super T> outcome;
    final CompletableFuture<T> future = new CompletableFuture<>();
    T result;
    Throwable failure;

    Task(Database.Work<T> work, Database.Outcome<? super T> outcome) {
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
