package dev.tidings.plugin.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.samplehost.api.RepoRef;
import dev.samplehost.api.UserRef;
import dev.tidings.hooks.EventIds;
import dev.tidings.hooks.EventType;
import dev.tidings.hooks.TidingsEvent;
import dev.tidings.plugin.config.TidingsConfig;
import dev.tidings.plugin.store.SqliteDatabase;
import dev.tidings.testing.support.SlowTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The event log on a real SQLite file: offsets, epochs, envelopes, replay, retention, broker order. */
class SqliteEventLogTest {

  static final RepoRef DEMO = new RepoRef(1, "alice", "demo", false, false, "main");
  static final RepoRef ACME = new RepoRef(2, "acme", "site", true, true, "main");
  static final UserRef ALICE = new UserRef(1, "alice", "Alice", "alice@example.org", false);

  @TempDir Path dir;
  final ObjectMapper mapper = new ObjectMapper();
  final MutableClock clock = new MutableClock();
  // Not copy-on-write: the receiver runs on the writer thread and must stay cheap.
  final List<ChannelEvent> published = Collections.synchronizedList(new ArrayList<>());
  OpenLog opened;
  SqliteDatabase db;
  EventLog log;

  void open(Properties props) throws Exception {
    opened = new OpenLog(dir.resolve("tidings.db"), props, clock, published::add);
    db = opened.db;
    log = opened.log;
  }

  void open() throws Exception {
    open(new Properties());
  }

  @AfterEach
  void close() throws Exception {
    if (opened != null) {
      opened.close();
    }
  }

  @Test
  void eachChannelGetsTheNextOffsetAndTheEnvelopeIsSerialisedOnce() throws Exception {
    open();
    List<ChannelEvent> first = opened.pipeline.append(event("push", DEMO)).get(10, TimeUnit.SECONDS);
    List<ChannelEvent> second = opened.pipeline.append(event("pr.opened", DEMO)).get(10, TimeUnit.SECONDS);
    List<ChannelEvent> third = opened.pipeline.append(event("issue.opened", ACME)).get(10, TimeUnit.SECONDS);

    assertThat(first).extracting(ChannelEvent::channel, ChannelEvent::offset)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("repo:alice/demo", 1L));
    assertThat(second).extracting(ChannelEvent::channel, ChannelEvent::offset).containsExactly(
        org.assertj.core.groups.Tuple.tuple("repo:alice/demo", 2L),
        org.assertj.core.groups.Tuple.tuple("repo:alice/demo/prs", 1L));
    assertThat(third).extracting(ChannelEvent::channel, ChannelEvent::offset).containsExactly(
        org.assertj.core.groups.Tuple.tuple("repo:acme/site", 1L),
        org.assertj.core.groups.Tuple.tuple("repo:acme/site/issues", 1L),
        org.assertj.core.groups.Tuple.tuple("org:acme", 1L));

    ChannelEvent ce = second.get(1);
    JsonNode env = mapper.readTree(ce.envelope());
    assertThat(env.get("type").asText()).isEqualTo("event");
    assertThat(env.get("channel").asText()).isEqualTo("repo:alice/demo/prs");
    assertThat(env.get("offset").asLong()).isEqualTo(1);
    assertThat(env.get("event").asText()).isEqualTo("pr.opened");
    assertThat(env.get("id").asText()).isEqualTo(ce.eventId()).isEqualTo(second.get(0).eventId());
    assertThat(env.get("data").get("title").asText()).isEqualTo("Title with \"quotes\" and \u00e9");
    assertThat(env.get("timestamp").asLong()).isEqualTo(ce.timestamp());
    assertThat(ce.repository()).isEqualTo("alice/demo");
    assertThat(log.position("repo:alice/demo")).isEqualTo(new ChannelPosition(ce.epoch(), 2));
    // Published in commit order, once per channel entry.
    assertThat(published).hasSize(6);
  }

  @Test
  void aChannelNeverWrittenHasTheDatabaseEpochSoEarlySubscribersRecover() throws Exception {
    open();
    ChannelPosition empty = log.position("repo:alice/demo");
    assertThat(empty.offset()).isZero();
    assertThat(empty.epoch()).isEqualTo(opened.databaseEpoch()).isNotBlank();
    opened.pipeline.append(event("push", DEMO)).get(10, TimeUnit.SECONDS);
    Replay r = log.readAfter("repo:alice/demo", empty.epoch(), 0);
    assertThat(r.recovered()).isTrue();
    assertThat(r.events()).extracting(ChannelEvent::offset).containsExactly(1L);
  }

  @Test
  void readAfterReturnsExactlyWhatFollowsAndRefusesWrongEpochsAndFutureOffsets() throws Exception {
    open();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(opened.pipeline.append(event("push", DEMO)).get(10, TimeUnit.SECONDS).get(0).eventId());
    }
    String epoch = log.position("repo:alice/demo").epoch();
    Replay r = log.readAfter("repo:alice/demo", epoch, 2);
    assertThat(r.recovered()).isTrue();
    assertThat(r.position().offset()).isEqualTo(5);
    assertThat(r.events()).extracting(ChannelEvent::offset).containsExactly(3L, 4L, 5L);
    assertThat(r.events()).extracting(ChannelEvent::eventId).containsExactlyElementsOf(ids.subList(2, 5));
    // Replayed envelopes are byte-identical to the live ones.
    assertThat(r.events().get(0).envelope()).isEqualTo(published.get(2).envelope());

    assertThat(log.readAfter("repo:alice/demo", epoch, 5)).satisfies(x -> {
      assertThat(x.recovered()).isTrue();
      assertThat(x.events()).isEmpty();
    });
    assertThat(log.readAfter("repo:alice/demo", "zzzz", 2).recovered()).isFalse();
    assertThat(log.readAfter("repo:alice/demo", epoch, 6).recovered()).isFalse();
    assertThat(log.readAfter("repo:alice/demo", epoch, -1).recovered()).isFalse();
  }

  @Test
  void offsetsAndEpochsSurviveARestart() throws Exception {
    open();
    opened.pipeline.append(event("push", DEMO)).get(10, TimeUnit.SECONDS);
    opened.pipeline.append(event("push", DEMO)).get(10, TimeUnit.SECONDS);
    ChannelPosition before = log.position("repo:alice/demo");
    close();
    published.clear();
    open();
    assertThat(log.position("repo:alice/demo")).isEqualTo(before);
    ChannelEvent next = opened.pipeline.append(event("push", DEMO)).get(10, TimeUnit.SECONDS).get(0);
    assertThat(next.offset()).isEqualTo(3);
    assertThat(next.epoch()).isEqualTo(before.epoch());
    Replay r = log.readAfter("repo:alice/demo", before.epoch(), 1);
    assertThat(r.recovered()).isTrue();
    assertThat(r.events()).extracting(ChannelEvent::offset).containsExactly(2L, 3L);
  }

  @Test
  void aNewDatabaseHasANewEpochSoOldCursorsAreNotRecovered() throws Exception {
    open();
    opened.pipeline.append(event("push", DEMO)).get(10, TimeUnit.SECONDS);
    String oldEpoch = log.position("repo:alice/demo").epoch();
    close();
    dir = dir.resolve("fresh");
    java.nio.file.Files.createDirectories(dir);
    open();
    opened.pipeline.append(event("push", DEMO)).get(10, TimeUnit.SECONDS);
    assertThat(log.position("repo:alice/demo").epoch()).isNotEqualTo(oldEpoch);
    assertThat(log.readAfter("repo:alice/demo", oldEpoch, 0).recovered()).isFalse();
  }

  @Test
  void concurrentAppendersGetContiguousOffsetsPublishedInOrder() throws Exception {
    open();
    int threads = 6;
    int each = 150;
    List<CompletableFuture<List<ChannelEvent>>> futures = Collections.synchronizedList(new ArrayList<>());
    List<Thread> ts = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread th = new Thread(() -> {
        for (int i = 0; i < each; i++) {
          futures.add(opened.pipeline.append(event(i % 3 == 0 ? "pr.opened" : "push", DEMO)));
        }
      });
      ts.add(th);
      th.start();
    }
    for (Thread th : ts) {
      th.join(30_000);
    }
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    Map<String, List<Long>> perChannel = new HashMap<>();
    for (ChannelEvent ce : published) {
      perChannel.computeIfAbsent(ce.channel(), k -> new ArrayList<>()).add(ce.offset());
    }
    List<Long> all = perChannel.get("repo:alice/demo");
    assertThat(all).hasSize(threads * each);
    for (int i = 0; i < all.size(); i++) {
      assertThat(all.get(i)).isEqualTo(i + 1L);
    }
    List<Long> prs = perChannel.get("repo:alice/demo/prs");
    for (int i = 0; i < prs.size(); i++) {
      assertThat(prs.get(i)).isEqualTo(i + 1L);
    }
    assertThat(log.readAfter("repo:alice/demo", log.position("repo:alice/demo").epoch(), 0).events())
        .hasSize(threads * each);
  }

  @Test
  @SlowTest
  void tenThousandAppendsAndACatchUpReplayOfTenThousand() throws Exception {
    open();
    int n = 10_000;
    List<CompletableFuture<List<ChannelEvent>>> futures = new ArrayList<>(n);
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      futures.add(opened.pipeline.append(event("push", DEMO)));
    }
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    long t1 = System.nanoTime();
    String epoch = log.position("repo:alice/demo").epoch();
    Replay r = log.readAfter("repo:alice/demo", epoch, 0);
    long t2 = System.nanoTime();
    assertThat(r.recovered()).isTrue();
    assertThat(r.events()).hasSize(n);
    assertThat(r.events().get(n - 1).offset()).isEqualTo(n);
    // Figures for the report, not assertions.
    System.out.printf("log: %d appends committed in %.0f ms (%.1f us each); replay of %d in %.0f ms%n",
        n, (t1 - t0) / 1e6, (t1 - t0) / 1e3 / n, n, (t2 - t1) / 1e6);
  }

  @Test
  void retentionByCountMakesOldCursorsUnrecoverableButKeepsRecentOnes() throws Exception {
    Properties p = new Properties();
    p.setProperty("log.retention.maxEventsPerChannel", "3");
    open(p);
    for (int i = 0; i < 6; i++) {
      opened.pipeline.append(event("push", DEMO)).get(10, TimeUnit.SECONDS);
    }
    String epoch = log.position("repo:alice/demo").epoch();
    assertThat(opened.retention.prune().get(10, TimeUnit.SECONDS)).isEqualTo(3);
    Replay gone = log.readAfter("repo:alice/demo", epoch, 1);
    assertThat(gone.recovered()).isFalse();
    assertThat(gone.events()).isEmpty();
    assertThat(gone.position().offset()).isEqualTo(6);
    assertThat(log.readAfter("repo:alice/demo", epoch, 3).events()).extracting(ChannelEvent::offset)
        .containsExactly(4L, 5L, 6L);
    assertThat(countRows("events")).isEqualTo(3);
  }

  @Test
  void retentionByAgeRemovesOldEventsAndOffsetsStillGrow() throws Exception {
    Properties p = new Properties();
    p.setProperty("log.retention.maxAge", "7d");
    open(p);
    opened.pipeline.append(event("push", DEMO)).get(10, TimeUnit.SECONDS);
    opened.pipeline.append(event("push", DEMO)).get(10, TimeUnit.SECONDS);
    clock.advance(Duration.ofDays(8));
    opened.pipeline.append(event("push", DEMO)).get(10, TimeUnit.SECONDS);
    String epoch = log.position("repo:alice/demo").epoch();
    assertThat(opened.retention.prune().get(10, TimeUnit.SECONDS)).isEqualTo(2);
    assertThat(log.readAfter("repo:alice/demo", epoch, 0).recovered()).isFalse();
    assertThat(log.readAfter("repo:alice/demo", epoch, 2).events()).extracting(ChannelEvent::offset)
        .containsExactly(3L);
    clock.advance(Duration.ofDays(8));
    opened.retention.prune().get(10, TimeUnit.SECONDS);
    assertThat(countRows("entries")).isZero();
    // Offsets never go back, even with an empty history.
    assertThat(opened.pipeline.append(event("push", DEMO)).get(10, TimeUnit.SECONDS).get(0).offset()).isEqualTo(4);
  }

  @Test
  void appendToWritesOneChannelAndRejectsBadInput() throws Exception {
    open();
    ChannelEvent ce = log.appendTo("user:bob", "notification", null, "{\"n\":1}").get(10, TimeUnit.SECONDS);
    assertThat(ce.channel()).isEqualTo("user:bob");
    assertThat(ce.offset()).isEqualTo(1);
    assertThat(mapper.readTree(ce.envelope()).get("data").get("n").asInt()).isEqualTo(1);
    assertThatThrownBy(() -> log.appendTo("nonsense", "x", null, "{}").get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> log.appendTo("user:bob", "x", null, "{not json").get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> log.appendTo("user:bob", "x", null, "[1]").get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(IllegalArgumentException.class);
    assertThat(log.position("user:bob").offset()).isEqualTo(1);
  }

  @Test
  void appendObjectToStoresTheCallersBytesAsTheyAreAndRejectsNonObjects() throws Exception {
    open();
    byte[] data = "{\"state\":\"success\",\"n\":[1,2]}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    ChannelEvent ce = log.appendObjectTo("repo:alice/demo", "ci.status", "alice/demo", data).get(10, TimeUnit.SECONDS);
    assertThat(ce.offset()).isEqualTo(1);
    assertThat(mapper.readTree(ce.envelope()).get("data")).isEqualTo(mapper.readTree(data));
    assertThat(log.readAfter("repo:alice/demo", ce.epoch(), 0).events()).hasSize(1);
    assertThatThrownBy(() -> log.appendObjectTo("repo:alice/demo", "ci.x", null, "[1]".getBytes())
        .get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> log.appendObjectTo("nonsense", "ci.x", null, "{}".getBytes())
        .get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalArgumentException.class);
    assertThat(log.position("repo:alice/demo").offset()).isEqualTo(1);
  }

  @Test
  void aFailedAppendHandsOutNoOffset() throws Exception {
    open();
    TidingsEvent e = event("push", DEMO);
    opened.pipeline.append(e).get(10, TimeUnit.SECONDS);
    // Same id again: the events primary key refuses it; the offset must not be used up.
    assertThatThrownBy(() -> opened.pipeline.append(e).get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
    assertThat(opened.pipeline.append(event("push", DEMO)).get(10, TimeUnit.SECONDS).get(0).offset()).isEqualTo(2);
  }

  private TidingsEvent event(String type, RepoRef repo) {
    Map<String, Object> data = new HashMap<>();
    data.put("title", "Title with \"quotes\" and \u00e9");
    data.put("n", 1);
    return new TidingsEvent(EventIds.next(), EventType.of(type), repo, ALICE, clock.millis(), data, null, null);
  }

  private int countRows(String table) throws Exception {
    return db.read(c -> {
      try (var rs = c.createStatement().executeQuery("SELECT count(*) FROM " + table)) {
        rs.next();
        return rs.getInt(1);
      }
    });
  }

  /** A clock tests move forward by hand. */
  static final class MutableClock extends Clock {
    private volatile Instant now = Instant.now();

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
