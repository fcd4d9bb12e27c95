package dev.tidings.plugin.notify.store;

import dev.tidings.plugin.lifecycle.Workers;
import dev.tidings.plugin.lifecycle.Phase;
import dev.tidings.plugin.lifecycle.Managed;
import dev.tidings.plugin.config.TidingsConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes read threads older than {@code notify.retention.readMaxAge} (default 90 days) every
 * {@code notify.retention.interval} (default 1 hour), in bounded batches so that the writer thread
 * is never held for long.
 */
@Singleton
public final class RetentionSweeper implements Managed {

  private static final Logger log = LoggerFactory.getLogger(RetentionSweeper.class);
  private static final int BATCH = 5_000;
  private static final int MAX_BATCHES_PER_SWEEP = 200;

  private final ThreadStore store;
  private final Duration maxAge;
  private final Duration interval;
  private final Duration processedMaxAge;
  private ScheduledExecutorService timer;

  @Inject
  public RetentionSweeper(ThreadStore store, TidingsConfig config) {
    this.store = store;
    this.maxAge = config.getDuration("notify.retention.readMaxAge", Duration.ofDays(90));
    this.interval = config.getDuration("notify.retention.interval", Duration.ofHours(1));
    this.processedMaxAge = config.getDuration("notify.retention.processedMaxAge", Duration.ofDays(14));
    if (maxAge.isNegative() || interval.isZero() || interval.isNegative()) {
      throw new IllegalArgumentException("notify.retention.readMaxAge must not be negative and "
          + "notify.retention.interval must be positive");
    }
  }

  @Override
  public Phase phase() {
    return Phase.FEATURES;
  }

  @Override
  public synchronized void start() {
    timer = Workers.timer("notify-retention");
    timer.scheduleWithFixedDelay(this::sweepQuietly, Math.min(60_000, interval.toMillis()), interval.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void stop() throws InterruptedException {
    if (timer != null) {
      timer.shutdownNow();
      timer.awaitTermination(10, TimeUnit.SECONDS);
      timer = null;
    }
  }

  /** Deletes what is due now and returns how many threads went. */
  public int sweep() throws Exception {
    long cutoff = System.currentTimeMillis() - maxAge.toMillis();
    int total = 0;
    for (int i = 0; i < MAX_BATCHES_PER_SWEEP; i++) {
      int n = store.pruneRead(cutoff, BATCH).get(60, TimeUnit.SECONDS);
      total += n;
      if (n < BATCH) {
        break;
      }
    }
    // Claims only guard against processing an event twice: once the journal no longer holds the
    // event (journal retention), nobody can process it again; in Redis mode an entry is routed
    // again only while it is pending (a take-over after redis.work.claimAfter), far less than 14 days.
    long claimCutoff = System.currentTimeMillis() - processedMaxAge.toMillis();
    for (int i = 0; i < MAX_BATCHES_PER_SWEEP; i++) {
      if (store.pruneProcessed(claimCutoff, BATCH).get(60, TimeUnit.SECONDS) < BATCH) {
        break;
      }
    }
    return total;
  }

  private void sweepQuietly() {
    try {
      int n = sweep();
      if (n > 0) {
        log.info("Pruned {} read notification threads older than {}", n, maxAge);
      }
    } catch (Exception e) {
      log.warn("Pruning read notification threads failed", e);
    }
  }
}
