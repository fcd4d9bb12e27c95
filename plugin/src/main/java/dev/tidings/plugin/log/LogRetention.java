package dev.tidings.plugin.log;

import dev.tidings.plugin.config.TidingsConfig;
import dev.tidings.plugin.lifecycle.Managed;
import dev.tidings.plugin.lifecycle.Phase;
import dev.tidings.plugin.lifecycle.Workers;
import dev.tidings.plugin.store.Database;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Log retention by age and count ({@link LogSettings}): a {@code tidings-log-retention} timer
 * deletes old channel entries, and events no entry refers to any more, in writes of at most
 * {@value #CHUNK} entries so other writes get in between.
 */
@Singleton
public final class LogRetention implements Managed {

  private static final Logger log = LoggerFactory.getLogger(LogRetention.class);
  private static final int CHUNK = 5000;

  private final Database db;
  private final ChannelPositions positions;
  private final LogSettings settings;
  private final Clock clock;
  private final Counter pruned;
  private ScheduledExecutorService timer;

  @Inject
  LogRetention(Database db, SqliteEventLog eventLog, TidingsConfig config, MeterRegistry meters) {
    this(db, eventLog, config, meters, Clock.systemUTC());
  }

  /** Retention with its own clock (tests of age retention). */
  public LogRetention(Database db, SqliteEventLog eventLog, TidingsConfig config, MeterRegistry meters, Clock clock) {
    this.db = db;
    this.positions = eventLog.positions();
    this.settings = LogSettings.from(config);
    this.clock = clock;
    this.pruned = SqliteEventLog.prunedCounter(meters);
  }

  @Override
  public Phase phase() {
    return Phase.LOG;
  }

  @Override
  public synchronized void start() {
    timer = Workers.timer("log-retention");
    long every = Math.max(1000, settings.pruneInterval().toMillis());
    timer.scheduleWithFixedDelay(this::pruneQuietly, every, every, TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void stop() {
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
  }

  /** Runs one retention pass now, returning the number of channel entries removed. */
  public CompletableFuture<Integer> prune() {
    long cutoff = clock.millis() - settings.maxAge().toMillis();
    List<Map.Entry<String, Long>> overfull = positions.overfull(settings.maxEventsPerChannel());
    return db.write(c -> pruneChunk(c, cutoff, overfull)).thenCompose(n -> {
      if (n >= CHUNK) {
        // More to do: let other writes in between instead of one long transaction.
        return prune().thenApply(m -> n + m);
      }
      return CompletableFuture.completedFuture(n);
    });
  }

  private void pruneQuietly() {
    try {
      int n = prune().get(5, TimeUnit.MINUTES);
      if (n > 0) {
        log.debug("Retention removed {} channel entries", n);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      log.warn("Event log retention failed", e);
    }
  }

  /** Writer thread. */
  private int pruneChunk(Connection c, long cutoff, List<Map.Entry<String, Long>> overfull) throws SQLException {
    List<String> eventIds = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
        "DELETE FROM entries WHERE (channel, channel_offset) IN "
            + "(SELECT channel, channel_offset FROM entries WHERE ts < ? LIMIT ?) RETURNING event_id")) {
      ps.setLong(1, cutoff);
      ps.setInt(2, CHUNK);
      collect(ps, eventIds);
    }
    try (PreparedStatement ps = c.prepareStatement(
        "DELETE FROM entries WHERE channel = ? AND channel_offset IN "
            + "(SELECT channel_offset FROM entries WHERE channel = ? AND channel_offset <= ? LIMIT ?) RETURNING event_id")) {
      for (Map.Entry<String, Long> e : overfull) {
        if (eventIds.size() >= CHUNK) {
          break;
        }
        ps.setString(1, e.getKey());
        ps.setString(2, e.getKey());
        ps.setLong(3, e.getValue());
        ps.setInt(4, CHUNK - eventIds.size());
        collect(ps, eventIds);
      }
    }
    deleteUnreferenced(c, eventIds);
    pruned.increment(eventIds.size());
    return eventIds.size();
  }

  /** Writer thread: runs a {@code DELETE ... RETURNING event_id} and adds the ids to {@code out}. */
  static void collect(PreparedStatement delete, List<String> out) throws SQLException {
    try (ResultSet rs = delete.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
  }

  /** Writer thread: deletes those of {@code eventIds} that no entry refers to any more. */
  static void deleteUnreferenced(Connection c, List<String> eventIds) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "DELETE FROM events WHERE id = ? AND NOT EXISTS (SELECT 1 FROM entries WHERE event_id = ?)")) {
      for (String id : eventIds) {
        ps.setString(1, id);
        ps.setString(2, id);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }
}
