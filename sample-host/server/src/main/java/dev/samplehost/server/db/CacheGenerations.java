package dev.samplehost.server.db;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node's in-memory caches in step with changes that other nodes (processes sharing the
 * database file) made: triggers bump a counter in {@code cache_generations} with every change that
 * can stale a cache (migration V2), and one background thread reads the counters every
 * {@code refresh} and runs the matching invalidation when one moved. The caches' own hot paths
 * never query: a plugin checking access per subscriber per event stays in memory, and a change on
 * another node is seen within one refresh (plus the time that one read waits for the database).
 */
public final class CacheGenerations implements AutoCloseable {
  /** The counter of access answers (users, orgs, teams, repositories, collaborators). */
  public static final String ACCESS = "access";
  /** The counter of resolved access tokens (tokens and their users' profiles). */
  public static final String CREDENTIALS = "credentials";
  private static final Logger LOG = LoggerFactory.getLogger(CacheGenerations.class);

  private final Database db;
  private final Duration refresh;
  private final Map<String, Runnable> invalidations;
  private final Map<String, Long> seen = new HashMap<>();
  private ScheduledExecutorService timer;

  /** Watches the counters named by {@code invalidations}' keys, running each value when its counter moves. */
  public CacheGenerations(Database db, Duration refresh, Map<String, Runnable> invalidations) {
    this.db = Objects.requireNonNull(db);
    this.refresh = Objects.requireNonNull(refresh);
    if (refresh.isNegative() || refresh.isZero()) {
      throw new IllegalArgumentException("refresh must be positive: " + refresh);
    }
    this.invalidations = Map.copyOf(invalidations);
    seen.putAll(read());
  }

  /** Starts polling (one daemon thread). */
  public synchronized void start() {
    if (timer != null) {
      return;
    }
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "cache-generations");
      t.setDaemon(true);
      return t;
    });
    long every = Math.max(1, refresh.toMillis());
    timer.scheduleWithFixedDelay(this::pollQuietly, every, every, TimeUnit.MILLISECONDS);
  }

  /** Reads the counters once and invalidates what moved (the timer's work; callable directly). */
  public void poll() {
    synchronized (seen) {
      Map<String, Long> now = read();
      for (Map.Entry<String, Runnable> e : invalidations.entrySet()) {
        Long current = now.get(e.getKey());
        if (current != null && !current.equals(seen.get(e.getKey()))) {
          seen.put(e.getKey(), current);
          e.getValue().run();
        }
      }
    }
  }

  private void pollQuietly() {
    try {
      poll();
    } catch (RuntimeException e) {
      // A busy or closing database: the next poll tries again; the caches stay as they were meanwhile.
      LOG.warn("Reading the cache generations failed: {}", e.getMessage());
    }
  }

  private Map<String, Long> read() {
    Map<String, Long> values = new HashMap<>();
    db.read(sql -> sql.list("SELECT name, value FROM cache_generations",
        rs -> values.put(rs.getString(1), rs.getLong(2))));
    return values;
  }

  /** Stops polling. */
  @Override
  public synchronized void close() {
    if (timer != null) {
      timer.shutdownNow();
      try {
        timer.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      timer = null;
    }
  }
}
