package dev.tidings.plugin.log;

import dev.tidings.plugin.lifecycle.Workers;
import dev.tidings.plugin.lifecycle.Phase;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidings.hooks.EventIds;
import dev.tidings.hooks.TidingsEvent;
import dev.tidings.plugin.lifecycle.Managed;
import dev.tidings.plugin.broker.Broker;
import dev.tidings.plugin.channel.Channels;
import dev.tidings.plugin.config.TidingsConfig;
import dev.tidings.plugin.store.Database;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event log in the plugin's SQLite database: events stored once, per-channel offsets and
 * epochs, envelopes serialised once per channel entry, retention by age and count.
 *
 * <p>Offsets are assigned on the database's writer thread from an in-memory table of channel
 * positions: {@code pending} (assigned in transactions not yet committed; writer thread only) over
 * {@code committed} (what readers see). Committed positions are loaded at start and advanced right
 * after each commit, on the writer thread, which also hands the events to the broker there: so
 * the broker sees every channel in offset order, and {@link #position} never shows an offset that
 * a reader could not find in the database.
 *
 * <p>A channel's epoch is the database's epoch (random, made by migration V1) at the time the
 * channel was created, stored with the channel. A channel that was never written answers with the
 * database's epoch and offset 0, so a client that subscribed before the first event resumes
 * without a loss; a new database (history lost) has a new epoch and resumes answer not recovered.
 */
@Singleton
public final class SqliteEventLog implements EventLog, Managed {

  private static final Logger log = LoggerFactory.getLogger(SqliteEventLog.class);
  private static final int PRUNE_CHUNK = 5000;
  /** Rows per executeBatch in a bulk append (bounds the driver's buffered parameters). */
  private static final int BATCH = 1000;
  private static final java.security.SecureRandom EPOCHS = new java.security.SecureRandom();

  private final Database db;
  private final Broker broker;
  private final ObjectMapper mapper;
  private final Clock clock;
  private final Duration maxAge;
  private final long maxPerChannel;
  private final Duration pruneInterval;
  private final Counter eventsCommitted;
  private final Counter entriesCommitted;
  private final Counter pruned;

  private final Map<String, ChannelPosition> committed = new ConcurrentHashMap<>();
  private final Map<String, ChannelPosition> pending = new HashMap<>(); // writer thread only
  private WriterStatements writerStatements; // writer thread only
  private volatile String databaseEpoch;
  private ScheduledExecutorService retention;

  @Inject
  SqliteEventLog(Database db, Broker broker, ObjectMapper mapper, TidingsConfig config, MeterRegistry meters) {
    this(db, broker, mapper, config, meters, Clock.systemUTC());
  }

  /** A log with its own clock (tests of age retention). */
  public SqliteEventLog(Database db, Broker broker, ObjectMapper mapper, TidingsConfig config,
      MeterRegistry meters, Clock clock) {
    this.db = db;
    this.broker = broker;
    this.mapper = mapper;
    this.clock = clock;
    this.maxAge = config.getDuration("log.retention.maxAge", Duration.ofDays(7));
    this.maxPerChannel = Math.max(1, config.getLong("log.retention.maxEventsPerChannel", 10_000));
    this.pruneInterval = config.getDuration("log.retention.pruneInterval", Duration.ofMinutes(1));
    this.eventsCommitted = Counter.builder("tidings.events.committed")
        .description("Events committed to the log (each once, whatever its number of channels)")
        .register(meters);
    this.entriesCommitted = Counter.builder("tidings.log.entries.committed")
        .description("Channel entries committed (one per event and channel)")
        .register(meters);
    this.pruned = Counter.builder("tidings.log.entries.pruned")
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
      try (ResultSet rs = c.createStatement().executeQuery(
          "SELECT meta_value FROM tidings_meta WHERE meta_key = 'log.epoch'")) {
        if (!rs.next()) {
          throw new SQLException("tidings_meta has no log.epoch: migration V1 did not run");
        }
        databaseEpoch = rs.getString(1);
      }
      try (ResultSet rs = c.createStatement().executeQuery(
          "SELECT name, epoch, last_offset FROM channels")) {
        while (rs.next()) {
          committed.put(rs.getString(1), new ChannelPosition(rs.getString(2), rs.getLong(3)));
        }
      }
      return null;
    });
    retention = Workers.timer("log-retention");
    long every = Math.max(1000, pruneInterval.toMillis());
    retention.scheduleWithFixedDelay(this::pruneQuietly, every, every, TimeUnit.MILLISECONDS);
    log.info("Tidings event log ready: {} channels, epoch {}", committed.size(), databaseEpoch);
  }

  @Override
  public void stop() {
    if (retention != null) {
      retention.shutdownNow();
      retention = null;
    }
  }

  @Override
  public CompletableFuture<List<ChannelEvent>> append(TidingsEvent event) {
    return append(event, null);
  }

  @Override
  public CompletableFuture<List<ChannelEvent>> append(
      TidingsEvent event, Consumer<List<ChannelEvent>> afterPublish) {
    byte[] data;
    try {
      data = mapper.writeValueAsBytes(event.data() == null ? Map.of() : event.data());
    } catch (JsonProcessingException e) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("Event data is not JSON-ready", e));
    }
    Stored stored = new Stored(
        event.id() == null ? EventIds.next(event.timestamp()) : event.id(), event.type(),
        event.repository() == null ? null : event.repository().fullName(),
        event.actor() == null ? null : event.actor().login(),
        event.timestamp() > 0 ? event.timestamp() : clock.millis(), data);
    byte[] journal;
    try {
      // Serialised here, on the caller's thread: the writer thread only inserts.
      journal = EventJournal.encode(event, stored.id, stored.timestamp);
    } catch (JsonProcessingException e) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("Event is not JSON-ready", e));
    }
    List<String> channels = Channels.of(event);
    // The journal row commits with the channel entries or not at all (EventJournal).
    return db.write(c -> {
      List<ChannelEvent> out = insert(c, stored, channels);
      EventJournal.insert(c, stored.id, stored.timestamp, journal);
      return out;
    }, new Published(1, afterPublish));
  }

  @Override
  public CompletableFuture<ChannelEvent> appendTo(String channel, String type, String repository, String dataJson) {
    if (Channels.parse(channel).isEmpty()) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("Not a channel name: " + channel));
    }
    if (type == null || type.isBlank()) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("An event needs a type"));
    }
    byte[] data;
    try {
      // Checked here: the bytes go into every subscriber's envelope as they are.
      JsonNode node = mapper.readTree(dataJson == null ? "{}" : dataJson);
      if (node == null || !node.isObject()) {
        return CompletableFuture.failedFuture(new IllegalArgumentException("Event data must be a JSON object"));
      }
      data = mapper.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("Event data is not JSON", e));
    }
    return appendChecked(channel, type, repository, data);
  }

  @Override
  public CompletableFuture<ChannelEvent> appendObjectTo(String channel, String type, String repository,
      byte[] objectJson) {
    if (Channels.parse(channel).isEmpty()) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("Not a channel name: " + channel));
    }
    if (type == null || type.isBlank()) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("An event needs a type"));
    }
    if (objectJson == null || objectJson.length < 2 || objectJson[0] != '{') {
      return CompletableFuture.failedFuture(new IllegalArgumentException("Event data must be a JSON object"));
    }
    return appendChecked(channel, type, repository, objectJson);
  }

  private CompletableFuture<ChannelEvent> appendChecked(String channel, String type, String repository, byte[] data) {
    long now = clock.millis();
    Stored stored = new Stored(EventIds.next(now), type, repository, null, now, data);
    return write(stored, List.of(channel), null).thenApply(list -> list.get(0));
  }

  @Override
  public CompletableFuture<List<ChannelEvent>> appendAllTo(List<ChannelAppend> appends) {
    if (appends.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    // Checked and serialised here, on the caller's thread: the writer thread only inserts.
    long now = clock.millis();
    List<Stored> stored = new ArrayList<>(appends.size());
    List<String> channels = new ArrayList<>(appends.size());
    // One generator and buffer for the whole list: a fresh one per event (writeValueAsBytes)
    // allocated about as much again as the JSON itself.
    ByteArrayBuilder buffer = new ByteArrayBuilder(4096);
    try (JsonGenerator json = mapper.createGenerator(buffer)) {
      json.setRootValueSeparator(null);
      for (int i = 0; i < appends.size(); i++) {
        ChannelAppend a = appends.get(i);
        if (a.channel() == null || Channels.parse(a.channel()).isEmpty()) {
          return CompletableFuture.failedFuture(
              new IllegalArgumentException("Append " + i + ": not a channel name: " + a.channel()));
        }
        if (a.type() == null || a.type().isBlank()) {
          return CompletableFuture.failedFuture(new IllegalArgumentException("Append " + i + ": an event needs a type"));
        }
        byte[] data;
        try {
          // A Map serialises to a JSON object, so the bytes can go into envelopes as they are.
          mapper.writeValue(json, a.data() == null ? Map.of() : a.data());
          json.flush();
          data = buffer.toByteArray();
          buffer.reset();
        } catch (IOException | RuntimeException e) {
          return CompletableFuture.failedFuture(
              new IllegalArgumentException("Append " + i + ": event data is not JSON-ready", e));
        }
        stored.add(new Stored(EventIds.next(now), a.type(), a.repository(), null, now, data));
        channels.add(a.channel());
      }
    } catch (IOException e) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("Event data is not JSON-ready", e));
    }
    return db.write(c -> insertAll(c, stored, channels), new Published(stored.size(), null));
  }

  @Override
  public ChannelPosition position(String channel) {
    ChannelPosition p = committed.get(channel);
    return p != null ? p : new ChannelPosition(databaseEpoch, 0);
  }

  @Override
  public Replay readAfter(String channel, String epoch, long offset) {
    ChannelPosition now = position(channel);
    if (epoch == null || !epoch.equals(now.epoch()) || offset < 0 || offset > now.offset()) {
      return new Replay(false, now, List.of());
    }
    long missing = now.offset() - offset;
    if (missing == 0) {
      return new Replay(true, now, List.of());
    }
    if (missing > maxPerChannel) {
      return new Replay(false, now, List.of());
    }
    List<ChannelEvent> events;
    try {
      events = db.read(c -> readRange(c, channel, now.epoch(), offset, now.offset()));
    } catch (SQLException e) {
      throw new IllegalStateException("Reading channel " + channel + " failed", e);
    }
    // Contiguous by the primary key, so the count tells whether retention removed any of them.
    if (events.size() != missing || events.get(0).offset() != offset + 1) {
      return new Replay(false, now, List.of());
    }
    return new Replay(true, now, events);
  }

  @Override
  public ReplayPlan planReplay(String channel, String epoch, long offset, int maxEvents, long maxBytes) {
    ChannelPosition now = position(channel);
    if (epoch == null || !epoch.equals(now.epoch()) || offset < 0 || offset > now.offset()) {
      return ReplayPlan.notRecovered(now);
    }
    long missing = now.offset() - offset;
    if (missing == 0) {
      return new ReplayPlan(true, now, offset, offset, 0);
    }
    if (missing > maxPerChannel || missing > maxEvents) {
      return ReplayPlan.notRecovered(now);
    }
    long[] stats;
    try {
      stats = db.read(c -> gapStats(c, channel, offset, now.offset()));
    } catch (SQLException e) {
      throw new IllegalStateException("Reading channel " + channel + " failed", e);
    }
    // Contiguous by the primary key, so the count tells whether retention removed any of them.
    if (stats[0] != missing || stats[1] != offset + 1) {
      return ReplayPlan.notRecovered(now);
    }
    long bytes = stats[2] + stats[0] * Envelopes.overhead(channel);
    if (bytes > maxBytes) {
      return ReplayPlan.notRecovered(now);
    }
    return new ReplayPlan(true, now, offset, now.offset(), bytes);
  }

  /**
   * Count, first offset and payload bytes of a channel's entries in (after, upTo]. octet_length
   * reads the stored size from the record header, not the data (a gap may be gigabytes of it).
   */
  private static long[] gapStats(Connection c, String channel, long after, long upTo) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT COUNT(*), MIN(en.channel_offset), "
            + "COALESCE(SUM(octet_length(ev.data) + octet_length(ev.id) + octet_length(ev.type)), 0) "
            + "FROM entries en JOIN events ev ON ev.id = en.event_id "
            + "WHERE en.channel = ? AND en.channel_offset > ? AND en.channel_offset <= ?")) {
      ps.setString(1, channel);
      ps.setLong(2, after);
      ps.setLong(3, upTo);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
      }
    }
  }

  @Override
  public List<ChannelEvent> readPage(String channel, String epoch, long after, long upTo, int maxEvents, long maxBytes) {
    if (upTo <= after || maxEvents <= 0) {
      return List.of();
    }
    try {
      return db.read(c -> readRange(c, channel, epoch, after, upTo, maxEvents, maxBytes));
    } catch (SQLException e) {
      throw new IllegalStateException("Reading channel " + channel + " failed", e);
    }
  }

  @Override
  public CompletableFuture<Integer> forgetRepository(String owner, String name) {
    String repo = "repo:" + owner + "/" + name;
    List<String> scoped = List.of(repo, repo + "/prs", repo + "/issues");
    Map<String, ChannelPosition> reset = new LinkedHashMap<>();
    return db.write(c -> forget(c, scoped, "org:" + owner, owner + "/" + name, reset), new Database.Outcome<>() {
      @Override
      public void committed(Integer removed) {
        // A fresh epoch: clients holding a position of the old repository get recovered:false.
        reset.forEach((channel, position) -> {
          committed.put(channel, position);
          pending.remove(channel);
        });
        pruned.increment(removed);
        log.info("Forgot {} log entries of deleted repository {}/{}", removed, owner, name);
      }

      @Override
      public void rolledBack(Throwable cause) {
        pending.clear();
      }
    });
  }

  /** Runs on the writer thread: see {@link #forgetRepository}. */
  private int forget(Connection c, List<String> scoped, String org, String repository,
      Map<String, ChannelPosition> reset) throws SQLException {
    // Every stored spelling of the names (the host compares names without case).
    List<String> channels = new ArrayList<>();
    List<String> orgs = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT name FROM channels WHERE name = ? COLLATE NOCASE OR name = ? COLLATE NOCASE "
            + "OR name = ? COLLATE NOCASE OR name = ? COLLATE NOCASE")) {
      ps.setString(1, scoped.get(0));
      ps.setString(2, scoped.get(1));
      ps.setString(3, scoped.get(2));
      ps.setString(4, org);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String n = rs.getString(1);
          (n.regionMatches(true, 0, "org:", 0, 4) ? orgs : channels).add(n);
        }
      }
    }
    List<String> eventIds = new ArrayList<>();
    try (PreparedStatement del = c.prepareStatement("DELETE FROM entries WHERE channel = ? RETURNING event_id");
        PreparedStatement epoch = c.prepareStatement("UPDATE channels SET epoch = ?, last_offset = 0 WHERE name = ?")) {
      for (String channel : channels) {
        del.setString(1, channel);
        try (ResultSet rs = del.executeQuery()) {
          while (rs.next()) {
            eventIds.add(rs.getString(1));
          }
        }
        String fresh = freshEpoch();
        epoch.setString(1, fresh);
        epoch.setString(2, channel);
        epoch.executeUpdate();
        ChannelPosition p = new ChannelPosition(fresh, 0);
        reset.put(channel, p);
        // Later work of the same group commit must number from the fresh start.
        pending.put(channel, p);
      }
    }
    // The organisation channel keeps its numbering; the dead repository's entries leave holes,
    // so a replay across them answers recovered:false rather than showing them again.
    try (PreparedStatement del = c.prepareStatement(
        "DELETE FROM entries WHERE channel = ? AND event_id IN (SELECT en.event_id FROM entries en "
            + "JOIN events ev ON ev.id = en.event_id WHERE en.channel = ? AND ev.repository = ? COLLATE NOCASE) "
            + "RETURNING event_id")) {
      for (String channel : orgs) {
        del.setString(1, channel);
        del.setString(2, channel);
        del.setString(3, repository);
        try (ResultSet rs = del.executeQuery()) {
          while (rs.next()) {
            eventIds.add(rs.getString(1));
          }
        }
      }
    }
    try (PreparedStatement ps = c.prepareStatement(
        "DELETE FROM events WHERE id = ? AND NOT EXISTS (SELECT 1 FROM entries WHERE event_id = ?)")) {
      for (String id : eventIds) {
        ps.setString(1, id);
        ps.setString(2, id);
        ps.addBatch();
      }
      ps.executeBatch();
    }
    return eventIds.size();
  }

  private static String freshEpoch() {
    byte[] b = new byte[4];
    EPOCHS.nextBytes(b);
    return java.util.HexFormat.of().formatHex(b);
  }

  /** The epoch new channels get (the database's). */
  public String databaseEpoch() {
    return databaseEpoch;
  }

  /** Runs one retention pass now, returning the number of channel entries removed. */
  public CompletableFuture<Integer> prune() {
    long cutoff = clock.millis() - maxAge.toMillis();
    List<Map.Entry<String, Long>> overfull = new ArrayList<>();
    committed.forEach((name, p) -> {
      if (p.offset() > maxPerChannel) {
        overfull.add(Map.entry(name, p.offset() - maxPerChannel));
      }
    });
    return db.write(c -> pruneChunk(c, cutoff, overfull)).thenCompose(n -> {
      if (n >= PRUNE_CHUNK) {
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

  private int pruneChunk(Connection c, long cutoff, List<Map.Entry<String, Long>> overfull) throws SQLException {
    List<String> eventIds = new ArrayList<>();
    int removed = 0;
    try (PreparedStatement ps = c.prepareStatement(
        "DELETE FROM entries WHERE (channel, channel_offset) IN "
            + "(SELECT channel, channel_offset FROM entries WHERE ts < ? LIMIT ?) RETURNING event_id")) {
      ps.setLong(1, cutoff);
      ps.setInt(2, PRUNE_CHUNK);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          eventIds.add(rs.getString(1));
        }
      }
    }
    removed += eventIds.size();
    try (PreparedStatement ps = c.prepareStatement(
        "DELETE FROM entries WHERE channel = ? AND channel_offset IN "
            + "(SELECT channel_offset FROM entries WHERE channel = ? AND channel_offset <= ? LIMIT ?) RETURNING event_id")) {
      for (Map.Entry<String, Long> e : overfull) {
        if (removed >= PRUNE_CHUNK) {
          break;
        }
        ps.setString(1, e.getKey());
        ps.setString(2, e.getKey());
        ps.setLong(3, e.getValue());
        ps.setInt(4, PRUNE_CHUNK - removed);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            eventIds.add(rs.getString(1));
            removed++;
          }
        }
      }
    }
    try (PreparedStatement ps = c.prepareStatement(
        "DELETE FROM events WHERE id = ? AND NOT EXISTS (SELECT 1 FROM entries WHERE event_id = ?)")) {
      for (String id : eventIds) {
        ps.setString(1, id);
        ps.setString(2, id);
        ps.addBatch();
      }
      ps.executeBatch();
    }
    pruned.increment(removed);
    return removed;
  }

  private CompletableFuture<List<ChannelEvent>> write(
      Stored e, List<String> channels, Consumer<List<ChannelEvent>> afterPublish) {
    return db.write(c -> insert(c, e, channels), new Published(1, afterPublish));
  }

  /**
   * After the commit, on the writer thread: advances the committed positions, then hands every
   * entry to the broker in offset order; after a rollback frees the offsets handed out.
   */
  private final class Published implements Database.Outcome<List<ChannelEvent>> {
    private final int eventCount;
    private final Consumer<List<ChannelEvent>> afterPublish;

    Published(int eventCount, Consumer<List<ChannelEvent>> afterPublish) {
      this.eventCount = eventCount;
      this.afterPublish = afterPublish;
    }

    @Override
    public void committed(List<ChannelEvent> events) {
      for (ChannelEvent ce : events) {
        committed.put(ce.channel(), new ChannelPosition(ce.epoch(), ce.offset()));
        pending.remove(ce.channel());
      }
      eventsCommitted.increment(eventCount);
      entriesCommitted.increment(events.size());
      for (ChannelEvent ce : events) {
        broker.publish(ce);
      }
      if (afterPublish != null) {
        afterPublish.accept(events);
      }
    }

    @Override
    public void rolledBack(Throwable cause) {
      // Offsets handed out in the undone transaction are free again; committed ones stay.
      pending.clear();
    }
  }

  /** Runs on the writer thread. */
  private List<ChannelEvent> insert(Connection c, Stored e, List<String> channels) throws SQLException {
    WriterStatements st = statements(c);
    st.event.setString(1, e.id);
    st.event.setString(2, e.type);
    st.event.setString(3, e.repository);
    st.event.setString(4, e.actor);
    st.event.setLong(5, e.timestamp);
    st.event.setBytes(6, e.data);
    st.event.executeUpdate();
    List<ChannelEvent> out = new ArrayList<>(channels.size());
    for (String name : channels) {
      ChannelPosition before = pending.get(name);
      if (before == null) {
        before = position(name);
      }
      long offset = before.offset() + 1;
      st.entry.setString(1, name);
      st.entry.setLong(2, offset);
      st.entry.setString(3, e.id);
      st.entry.setLong(4, e.timestamp);
      st.entry.executeUpdate();
      st.channel.setString(1, name);
      st.channel.setString(2, before.epoch());
      st.channel.setLong(3, offset);
      st.channel.setLong(4, clock.millis());
      st.channel.executeUpdate();
      out.add(new ChannelEvent(name, before.epoch(), offset, e.id, e.type, e.timestamp, e.repository,
          Envelopes.build(name, offset, e.type, e.id, e.data, e.timestamp)));
    }
    // Only now, with every statement done: a failure above leaves no offset handed out.
    for (ChannelEvent ce : out) {
      pending.put(ce.channel(), new ChannelPosition(ce.epoch(), ce.offset()));
    }
    return out;
  }

  /**
   * Runs on the writer thread: many single-channel events with batched statements (one row per
   * event and entry, one channel row per distinct channel), offsets +1 per channel in list order.
   */
  private List<ChannelEvent> insertAll(Connection c, List<Stored> events, List<String> channels)
      throws SQLException {
    WriterStatements st = statements(c);
    Map<String, ChannelPosition> assigned = new LinkedHashMap<>();
    List<ChannelEvent> out = new ArrayList<>(events.size());
    try {
      for (int i = 0; i < events.size(); i++) {
        Stored e = events.get(i);
        String name = channels.get(i);
        st.event.setString(1, e.id);
        st.event.setString(2, e.type);
        st.event.setString(3, e.repository);
        st.event.setString(4, e.actor);
        st.event.setLong(5, e.timestamp);
        st.event.setBytes(6, e.data);
        st.event.addBatch();
        ChannelPosition before = assigned.get(name);
        if (before == null) {
          before = pending.get(name);
        }
        if (before == null) {
          before = position(name);
        }
        long offset = before.offset() + 1;
        assigned.put(name, new ChannelPosition(before.epoch(), offset));
        st.entry.setString(1, name);
        st.entry.setLong(2, offset);
        st.entry.setString(3, e.id);
        st.entry.setLong(4, e.timestamp);
        st.entry.addBatch();
        out.add(new ChannelEvent(name, before.epoch(), offset, e.id, e.type, e.timestamp, e.repository,
            Envelopes.build(name, offset, e.type, e.id, e.data, e.timestamp)));
        if ((i + 1) % BATCH == 0) {
          st.event.executeBatch();
          st.entry.executeBatch();
        }
      }
      st.event.executeBatch();
      st.entry.executeBatch();
      long now = clock.millis();
      int n = 0;
      for (Map.Entry<String, ChannelPosition> a : assigned.entrySet()) {
        st.channel.setString(1, a.getKey());
        st.channel.setString(2, a.getValue().epoch());
        st.channel.setLong(3, a.getValue().offset());
        st.channel.setLong(4, now);
        st.channel.addBatch();
        if (++n % BATCH == 0) {
          st.channel.executeBatch();
        }
      }
      st.channel.executeBatch();
    } catch (SQLException | RuntimeException failure) {
      // The statements are reused by the next work: leave no half-built batch behind.
      st.event.clearBatch();
      st.entry.clearBatch();
      st.channel.clearBatch();
      throw failure;
    }
    // Only now, with every statement done: a failure above leaves no offset handed out.
    pending.putAll(assigned);
    return out;
  }

  /** The insert statements, prepared once per writer connection (writer thread only). */
  private WriterStatements statements(Connection c) throws SQLException {
    WriterStatements st = writerStatements;
    if (st == null || st.connection != c || c.isClosed()) {
      st = new WriterStatements(c,
          // The data goes in as its UTF-8 bytes and SQLite reads them as TEXT (the database's
          // encoding), with no detour through a Java String and back (two copies per event).
          c.prepareStatement("INSERT INTO events (id, type, repository, actor, ts, data) "
              + "VALUES (?, ?, ?, ?, ?, CAST(? AS TEXT))"),
          c.prepareStatement("INSERT INTO entries (channel, channel_offset, event_id, ts) VALUES (?, ?, ?, ?)"),
          c.prepareStatement("INSERT INTO channels (name, epoch, last_offset, created_at) VALUES (?, ?, ?, ?) "
              + "ON CONFLICT (name) DO UPDATE SET last_offset = excluded.last_offset"));
      writerStatements = st;
    }
    return st;
  }

  /** Prepared statements bound to one writer connection. */
  private record WriterStatements(
      Connection connection, PreparedStatement event, PreparedStatement entry, PreparedStatement channel) {}

  private static List<ChannelEvent> readRange(Connection c, String channel, String epoch, long after, long upTo)
      throws SQLException {
    return readRange(c, channel, epoch, after, upTo, Integer.MAX_VALUE, Long.MAX_VALUE);
  }

  private static List<ChannelEvent> readRange(Connection c, String channel, String epoch, long after, long upTo,
      int maxEvents, long maxBytes) throws SQLException {
    List<ChannelEvent> out = new ArrayList<>((int) Math.min(Math.min(upTo - after, maxEvents), 10_000));
    long bytes = 0;
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT en.channel_offset, ev.id, ev.type, ev.repository, ev.ts, ev.data "
            + "FROM entries en JOIN events ev ON ev.id = en.event_id "
            + "WHERE en.channel = ? AND en.channel_offset > ? AND en.channel_offset <= ? "
            + "ORDER BY en.channel_offset LIMIT ?")) {
      ps.setString(1, channel);
      ps.setLong(2, after);
      ps.setLong(3, upTo);
      ps.setLong(4, maxEvents);
      try (ResultSet rs = ps.executeQuery()) {
        // Rows are stepped one at a time: stopping at the byte bound reads no further.
        while (bytes < maxBytes && rs.next()) {
          long offset = rs.getLong(1);
          String id = rs.getString(2);
          String type = rs.getString(3);
          long ts = rs.getLong(5);
          byte[] data = rs.getString(6).getBytes(StandardCharsets.UTF_8);
          ChannelEvent e = new ChannelEvent(channel, epoch, offset, id, type, ts, rs.getString(4),
              Envelopes.build(channel, offset, type, id, data, ts));
          out.add(e);
          bytes += e.envelope().length;
        }
      }
    }
    return out;
  }

  /** An event as stored: its data already serialised. */
  private record Stored(String id, String type, String repository, String actor, long timestamp, byte[] data) {}
}
