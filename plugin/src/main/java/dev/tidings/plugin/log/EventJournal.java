package dev.tidings.plugin.log;

import dev.tidings.plugin.lifecycle.Workers;
import dev.tidings.plugin.lifecycle.Phase;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.samplehost.api.RepoRef;
import dev.samplehost.api.UserRef;
import dev.tidings.hooks.Audience;
import dev.tidings.hooks.EventType;
import dev.tidings.hooks.TidingsEvent;
import dev.tidings.plugin.lifecycle.Managed;
import dev.tidings.plugin.config.TidingsConfig;
import dev.tidings.plugin.store.Database;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log's global journal: every repository event appended with {@link EventLog#append}, once,
 * with a global position that grows in commit order and is never reused, written in the same
 * transaction as the event's channel entries. Durable consumers (the notification router) keep the
 * last position they finished and read on from there with {@link #after}, page by page, after a
 * restart or a crash. Unlike the channel entries, a journal row holds the whole {@link TidingsEvent}
 * (repository and actor ids, mentions, subject), so a consumer sees exactly what a live listener saw.
 *
 * <p>Only the SQLite log writes it. With {@code broker=redis} the same encoding travels on Redis'
 * work stream instead ({@code cluster.redis.RedisNotificationFeed}) and this table stays empty.
 *
 * <p>Retention: rows older than {@code log.journal.maxAge} (default: {@code log.retention.maxAge},
 * 7 days) and beyond the newest {@code log.journal.maxEvents} (default 100,000) are deleted every
 * {@code log.retention.pruneInterval}; a consumer that fell further behind sees a gap ({@link #oldest}).
 */
@Singleton
public final class EventJournal implements Managed {

  private static final Logger log = LoggerFactory.getLogger(EventJournal.class);
  /** The codec's own mapper: the journal's JSON must not change with the plugin's mapper settings. */
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  private static final int PRUNE_CHUNK = 5000;

  private final Database db;
  private final Clock clock;
  private final Duration maxAge;
  private final long maxEvents;
  private final Duration pruneInterval;
  private ScheduledExecutorService retention;

  @Inject
  public EventJournal(Database db, TidingsConfig config) {
    this(db, config, Clock.systemUTC());
  }

  /** A journal with its own clock (tests of age retention). */
  public EventJournal(Database db, TidingsConfig config, Clock clock) {
    this.db = db;
    this.clock = clock;
    Duration logAge = config.getDuration("log.retention.maxAge", Duration.ofDays(7));
    this.maxAge = config.getDuration("log.journal.maxAge", logAge);
    this.maxEvents = Math.max(1, config.getLong("log.journal.maxEvents", 100_000));
    this.pruneInterval = config.getDuration("log.retention.pruneInterval", Duration.ofMinutes(1));
  }

  /** One journal row: the event's global position and the event as it was appended. */
  public record Entry(long position, TidingsEvent event) {}

  @Override
  public Phase phase() {
    return Phase.LOG;
  }

  @Override
  public synchronized void start() {
    retention = Workers.timer("journal-retention");
    long every = Math.max(1000, pruneInterval.toMillis());
    retention.scheduleWithFixedDelay(this::pruneQuietly, every, every, TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void stop() {
    if (retention != null) {
      retention.shutdownNow();
      retention = null;
    }
  }

  /**
   * The committed events after global position {@code position}, in commit order, at most
   * {@code limit} of them (one page: call again with the last position to read on).
   */
  public List<Entry> after(long position, int limit) throws SQLException {
    return db.read(c -> {
      List<Entry> out = new ArrayList<>(Math.min(limit, 256));
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT position, event FROM event_journal WHERE position > ? ORDER BY position LIMIT ?")) {
        ps.setLong(1, position);
        ps.setInt(2, Math.max(1, limit));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            long p = rs.getLong(1);
            try {
              out.add(new Entry(p, decode(rs.getString(2))));
            } catch (JsonProcessingException | IllegalArgumentException e) {
              // Cannot happen with rows this class wrote (an unknown event type included); skipping keeps one bad row from blocking every consumer.
              log.error("Event journal row {} is not a readable event; skipped", p, e);
            }
          }
        }
      }
      return out;
    });
  }

  /** The oldest position still kept, or 0 when the journal is empty. */
  public long oldest() throws SQLException {
    return scalar("SELECT COALESCE(MIN(position), 0) FROM event_journal");
  }

  /** The newest position ever handed out (also after retention emptied the journal), or 0. */
  public long latest() throws SQLException {
    return scalar("SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'event_journal'), 0)");
  }

  private long scalar(String sql) throws SQLException {
    return db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0L;
      }
    });
  }

  /** Runs on the log's writer thread, inside the transaction that stores the event's entries. */
  public static void insert(Connection c, String eventId, long timestamp, byte[] encoded) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO event_journal (event_id, ts, event) VALUES (?, ?, CAST(? AS TEXT))")) {
      ps.setString(1, eventId);
      ps.setLong(2, timestamp);
      ps.setBytes(3, encoded);
      ps.executeUpdate();
    }
  }

  /** Deletes what retention no longer keeps; returns the number of rows removed. */
  public int prune() throws Exception {
    long cutoff = clock.millis() - maxAge.toMillis();
    int total = 0;
    while (true) {
      int n = db.write(c -> {
        try (PreparedStatement ps = c.prepareStatement(
            "DELETE FROM event_journal WHERE position IN (SELECT position FROM event_journal "
                + "WHERE ts < ? OR position <= (SELECT COALESCE(MAX(position), 0) FROM event_journal) - ? "
                + "ORDER BY position LIMIT ?)")) {
          ps.setLong(1, cutoff);
          ps.setLong(2, maxEvents);
          ps.setInt(3, PRUNE_CHUNK);
          return ps.executeUpdate();
        }
      }).get(5, TimeUnit.MINUTES);
      total += n;
      if (n < PRUNE_CHUNK) {
        return total;
      }
    }
  }

  private void pruneQuietly() {
    try {
      int n = prune();
      if (n > 0) {
        log.debug("Journal retention removed {} events", n);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      log.warn("Event journal retention failed", e);
    }
  }

  /** The event as journal JSON (UTF-8): explicit fields, so records and enums never depend on Jackson's defaults. */
  public static byte[] encode(TidingsEvent e, String id, long timestamp) throws JsonProcessingException {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", id);
    n.put("type", e.type().wire());
    n.put("timestamp", timestamp);
    RepoRef r = e.repository();
    if (r != null) {
      ObjectNode rn = n.putObject("repository");
      rn.put("id", r.id());
      rn.put("owner", r.owner());
      rn.put("name", r.name());
      rn.put("private", r.isPrivate());
      rn.put("organization", r.ownerIsOrganization());
      rn.put("default_branch", r.defaultBranch());
    }
    UserRef a = e.actor();
    if (a != null) {
      ObjectNode an = n.putObject("actor");
      an.put("id", a.id());
      an.put("login", a.login());
      an.put("full_name", a.fullName());
      an.put("email", a.email());
      an.put("admin", a.admin());
    }
    n.set("data", JSON.valueToTree(e.data() == null ? Map.of() : e.data()));
    Audience audience = e.audience();
    ArrayNode mentions = n.putArray("mentions");
    audience.mentioned().forEach(mentions::add);
    ObjectNode audienceNode = n.putObject("audience");
    audience.assignees().forEach(audienceNode.putArray("assignees")::add);
    audience.reviewers().forEach(audienceNode.putArray("reviewers")::add);
    ArrayNode commits = audienceNode.putArray("commits");
    for (Audience.CommitMention c : audience.commits()) {
      ObjectNode cn = commits.addObject();
      cn.put("sha", c.sha());
      cn.put("message", c.message());
      c.mentioned().forEach(cn.putArray("mentioned")::add);
    }
    TidingsEvent.Subject s = e.subject();
    if (s != null) {
      ObjectNode sn = n.putObject("subject");
      sn.put("kind", s.kind().name());
      sn.put("key", s.key());
      sn.put("number", s.number());
      sn.put("title", s.title());
      sn.put("state", s.state());
      sn.put("html_url", s.htmlUrl());
      sn.put("latest_comment_html_url", s.latestCommentHtmlUrl());
    }
    return JSON.writeValueAsBytes(n);
  }

  /** The inverse of {@link #encode} (also the payload of the Redis work stream, {@code broker=redis}). */
  public static TidingsEvent decode(String json) throws JsonProcessingException {
    JsonNode n = JSON.readTree(json);
    JsonNode rn = n.path("repository");
    RepoRef repo = rn.isObject() ? new RepoRef(rn.path("id").asLong(), text(rn, "owner"), text(rn, "name"),
        rn.path("private").asBoolean(), rn.path("organization").asBoolean(), text(rn, "default_branch")) : null;
    JsonNode an = n.path("actor");
    UserRef actor = an.isObject() ? new UserRef(an.path("id").asLong(), text(an, "login"), text(an, "full_name"),
        text(an, "email"), an.path("admin").asBoolean()) : null;
    Map<String, Object> data = n.path("data").isObject() ? JSON.convertValue(n.path("data"), MAP) : new LinkedHashMap<>();
    Set<String> mentions = new LinkedHashSet<>();
    n.path("mentions").forEach(m -> mentions.add(m.asText()));
    JsonNode au = n.path("audience");
    List<Audience.CommitMention> commits = new ArrayList<>();
    au.path("commits").forEach(c -> commits.add(
        new Audience.CommitMention(text(c, "sha"), text(c, "message"), texts(c.path("mentioned")))));
    Audience audience = new Audience(mentions, texts(au.path("assignees")), texts(au.path("reviewers")), commits);
    JsonNode sn = n.path("subject");
    TidingsEvent.Subject subject = sn.isObject() ? new TidingsEvent.Subject(
        TidingsEvent.Subject.Kind.valueOf(sn.path("kind").asText()), text(sn, "key"), sn.path("number").asLong(),
        text(sn, "title"), text(sn, "state"), text(sn, "html_url"), text(sn, "latest_comment_html_url")) : null;
    return new TidingsEvent(text(n, "id"), EventType.of(text(n, "type")), repo, actor, n.path("timestamp").asLong(),
        data, audience, subject);
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add(v.asText()));
    return out;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
