package dev.tidings.plugin.log;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidings.hooks.EventIds;
import dev.tidings.hooks.TidingsEvent;
import dev.tidings.plugin.channel.Channels;
import dev.tidings.plugin.config.TidingsConfig;
import dev.tidings.plugin.lifecycle.Managed;
import dev.tidings.plugin.lifecycle.Phase;
import dev.tidings.plugin.store.Database;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link EventStore} in the plugin's SQLite database: events stored once, per-channel offsets
 * and epochs ({@link ChannelPositions}), envelopes serialised once per channel entry
 * ({@link LogInserts}); retention is {@link LogRetention}'s.
 *
 * <p>Offsets are assigned on the database's writer thread. After each commit, still on the writer
 * thread and in commit order, the committed positions advance and the write gets the next commit
 * sequence; then its future completes with the {@link Committed} entries.
 *
 * <p>A channel's epoch is the database's epoch (random, made by migration V1) at the time the
 * channel was created, stored with the channel; a new database (history lost) has a new epoch and
 * resumes answer not recovered.
 */
@Singleton
public final class SqliteEventLog implements EventStore, Managed {

  private static final Logger log = LoggerFactory.getLogger(SqliteEventLog.class);

  private final Database db;
  private final ObjectMapper mapper;
  private final Clock clock;
  private final long maxReplay;
  private final ChannelPositions positions = new ChannelPositions();
  private final LogInserts inserts;
  private final AppendChecks checks;
  private final Counter eventsCommitted;
  private final Counter entriesCommitted;
  private final Counter pruned;
  private long commits; // writer thread only

  @Inject
  SqliteEventLog(Database db, ObjectMapper mapper, TidingsConfig config, MeterRegistry meters) {
    this(db, mapper, config, meters, Clock.systemUTC());
  }

  /** A log with its own clock (tests of age retention). */
  public SqliteEventLog(Database db, ObjectMapper mapper, TidingsConfig config, MeterRegistry meters, Clock clock) {
    this.db = db;
    this.mapper = mapper;
    this.clock = clock;
    // The one replay bound: a longer gap is never replayed (the hub's own limit is only a page size).
    this.maxReplay = LogSettings.from(config).maxEventsPerChannel();
    this.inserts = new LogInserts(positions, clock);
    this.checks = new AppendChecks(mapper);
    this.eventsCommitted = Counter.builder("tidings.events.committed")
        .description("Events committed to the log (each once, whatever its number of channels)")
        .register(meters);
    this.entriesCommitted = Counter.builder("tidings.log.entries.committed")
        .description("Channel entries committed (one per event and channel)")
        .register(meters);
    this.pruned = prunedCounter(meters);
  }

  static Counter prunedCounter(MeterRegistry meters) {
    return Counter.builder("tidings.log.entries.pruned")
        .description("Channel entries removed by retention")
        .register(meters);
  }

  @Override
  public Phase phase() {
    return Phase.LOG;
  }

  @Override
  public void start() throws SQLException {
    db.read(c -> {
      positions.load(c);
      return null;
    });
    log.info("Tidings event log ready: {} channels, epoch {}", positions.size(), positions.databaseEpoch());
  }

  @Override
  public void stop() {}

  ChannelPositions positions() {
    return positions;
  }

  @Override
  public CompletableFuture<Committed> append(TidingsEvent event) {
    String id = event.id() == null ? EventIds.next(event.timestamp()) : event.id();
    long timestamp = event.timestamp() > 0 ? event.timestamp() : clock.millis();
    LogInserts.Row row;
    byte[] journal;
    try {
      // Serialised here, on the caller's thread: the writer thread only inserts.
      row = new LogInserts.Row(id, event.type().wire(), event.repository() == null ? null : event.repository().fullName(),
          event.actor() == null ? null : event.actor().login(), timestamp, checks.objectFromMap(event.data()),
          Channels.of(event));
      journal = EventJournal.encode(event, id, timestamp);
    } catch (IllegalArgumentException | JsonProcessingException e) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("Event is not JSON-ready", e));
    }
    // The journal row commits with the channel entries or not at all (EventJournal).
    return write(c -> {
      List<ChannelEvent> out = inserts.insert(c, List.of(row));
      EventJournal.insert(c, id, timestamp, journal);
      return out;
    }, 1);
  }

  @Override
  public CompletableFuture<Committed> appendTo(String channel, String type, String repository, String dataJson) {
    return AppendChecks.single(channel, type, () -> checks.objectFromText(dataJson),
        data -> appendOne(channel, type, repository, data));
  }

  @Override
  public CompletableFuture<Committed> appendObjectTo(String channel, String type, String repository,
      byte[] objectJson) {
    return AppendChecks.single(channel, type, () -> AppendChecks.objectFromBytes(objectJson),
        data -> appendOne(channel, type, repository, data));
  }

  private CompletableFuture<Committed> appendOne(String channel, String type, String repository, byte[] data) {
    long now = clock.millis();
    LogInserts.Row row = new LogInserts.Row(EventIds.next(now), type, repository, null, now, data, List.of(channel));
    return write(c -> inserts.insert(c, List.of(row)), 1);
  }

  @Override
  public CompletableFuture<Committed> appendAllTo(List<ChannelAppend> appends) {
    if (appends.isEmpty()) {
      return CompletableFuture.completedFuture(Committed.NOTHING);
    }
    List<byte[]> data;
    try {
      data = checks.all(appends);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    long now = clock.millis();
    List<LogInserts.Row> rows = new ArrayList<>(appends.size());
    for (int i = 0; i < appends.size(); i++) {
      ChannelAppend a = appends.get(i);
      rows.add(new LogInserts.Row(EventIds.next(now), a.type(), a.repository(), null, now, data.get(i),
          List.of(a.channel())));
    }
    return write(c -> inserts.insert(c, rows), rows.size());
  }

  /** Queues {@code work}; after its commit, on the writer thread, advances the positions and numbers it. */
  private CompletableFuture<Committed> write(Database.Work<List<ChannelEvent>> work, int eventCount) {
    long[] sequence = new long[1];
    return db.write(work, new Database.Outcome<>() {
      @Override
      public void committed(List<ChannelEvent> events) {
        sequence[0] = ++commits;
        positions.advance(events);
        eventsCommitted.increment(eventCount);
        entriesCommitted.increment(events.size());
      }

      @Override
      public void rolledBack(Throwable cause) {
        positions.rollback();
      }
    }).thenApply(events -> new Committed(sequence[0], events));
  }

  @Override
  public ChannelPosition position(String channel) {
    return positions.position(channel);
  }

  @Override
  public Replay readAfter(String channel, String epoch, long offset) {
    ChannelPosition now = position(channel);
    if (!resumable(now, epoch, offset) || now.offset() - offset > maxReplay) {
      return new Replay(false, now, List.of());
    }
    long missing = now.offset() - offset;
    if (missing == 0) {
      return new Replay(true, now, List.of());
    }
    List<ChannelEvent> events = read(channel,
        c -> LogQueries.readRange(c, channel, now.epoch(), offset, now.offset(), Integer.MAX_VALUE, Long.MAX_VALUE));
    // Contiguous by the primary key, so the count tells whether retention removed any of them.
    if (events.size() != missing || events.get(0).offset() != offset + 1) {
      return new Replay(false, now, List.of());
    }
    return new Replay(true, now, events);
  }

  @Override
  public ReplayPlan planReplay(String channel, String epoch, long offset, int maxEvents, long maxBytes) {
    ChannelPosition now = position(channel);
    long missing = now.offset() - offset;
    if (!resumable(now, epoch, offset) || missing > maxReplay || missing > maxEvents) {
      return ReplayPlan.notRecovered(now);
    }
    if (missing == 0) {
      return new ReplayPlan(true, now, offset, offset, 0);
    }
    LogQueries.GapStats stats = read(channel, c -> LogQueries.gapStats(c, channel, offset, now.offset()));
    // Contiguous by the primary key, so the count tells whether retention removed any of them.
    if (stats.count() != missing || stats.firstOffset() != offset + 1) {
      return ReplayPlan.notRecovered(now);
    }
    long bytes = stats.payloadBytes() + stats.count() * Envelopes.overhead(channel);
    if (bytes > maxBytes) {
      return ReplayPlan.notRecovered(now);
    }
    return new ReplayPlan(true, now, offset, now.offset(), bytes);
  }

  @Override
  public List<ChannelEvent> readPage(String channel, String epoch, long after, long upTo, int maxEvents, long maxBytes) {
    if (upTo <= after || maxEvents <= 0) {
      return List.of();
    }
    return read(channel, c -> LogQueries.readRange(c, channel, epoch, after, upTo, maxEvents, maxBytes));
  }

  private static boolean resumable(ChannelPosition now, String epoch, long offset) {
    return epoch != null && epoch.equals(now.epoch()) && offset >= 0 && offset <= now.offset();
  }

  private <T> T read(String channel, Database.Work<T> work) {
    try {
      return db.read(work);
    } catch (SQLException e) {
      throw new IllegalStateException("Reading channel " + channel + " failed", e);
    }
  }

  @Override
  public CompletableFuture<Integer> forgetRepository(String owner, String name) {
    return db.write(c -> RepositoryForgetting.run(c, owner, name, positions), new Database.Outcome<>() {
      @Override
      public void committed(RepositoryForgetting.Result result) {
        // A fresh epoch: clients holding a position of the old repository get recovered:false.
        positions.reset(result.reset());
        pruned.increment(result.removed());
        log.info("Forgot {} log entries of deleted repository {}/{}", result.removed(), owner, name);
      }

      @Override
      public void rolledBack(Throwable cause) {
        positions.rollback();
      }
    }).thenApply(RepositoryForgetting.Result::removed);
  }
}
