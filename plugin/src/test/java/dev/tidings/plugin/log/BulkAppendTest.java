package dev.tidings.plugin.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.tidings.plugin.config.TidingsConfig;
import dev.tidings.plugin.store.SqliteDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link EventLog#appendAllTo}: offsets, order to the broker, epochs, all-or-nothing, replay and restart. */
class BulkAppendTest {

  @TempDir Path dir;
  final ObjectMapper mapper = new ObjectMapper();
  // Not copy-on-write: the receiver runs on the writer thread and must stay cheap.
  final List<ChannelEvent> published = Collections.synchronizedList(new ArrayList<>());
  OpenLog opened;
  SqliteDatabase db;
  EventLog log;

  void open() throws Exception {
    opened = new OpenLog(dir.resolve("tidings.db"), new Properties(), Clock.systemUTC(), published::add);
    db = opened.db;
    log = opened.log;
  }

  @AfterEach
  void close() throws Exception {
    if (opened != null) {
      opened.close();
    }
  }

  static ChannelAppend note(String channel, int n) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("n", n);
    data.put("text", "caf\u00e9 \"quoted\"");
    return new ChannelAppend(channel, "notification", "alice/demo", data);
  }

  @Test
  void offsetsFollowOnPerChannelInListOrderAndReachTheBrokerInThatOrder() throws Exception {
    open();
    ChannelEvent single = log.appendTo("user:bob", "notification", null, "{\"n\":0}").get(10, TimeUnit.SECONDS);
    published.clear();

    List<ChannelEvent> bulk = log.appendAllTo(List.of(note("user:bob", 1), note("user:carol", 2),
        note("user:bob", 3), note("user:dave", 4), note("user:bob", 5))).get(10, TimeUnit.SECONDS);

    assertThat(bulk).extracting(ChannelEvent::channel, ChannelEvent::offset).containsExactly(
        org.assertj.core.groups.Tuple.tuple("user:bob", 2L),
        org.assertj.core.groups.Tuple.tuple("user:carol", 1L),
        org.assertj.core.groups.Tuple.tuple("user:bob", 3L),
        org.assertj.core.groups.Tuple.tuple("user:dave", 1L),
        org.assertj.core.groups.Tuple.tuple("user:bob", 4L));
    // The broker saw exactly these, in list order (so in offset order per channel).
    assertThat(published).containsExactlyElementsOf(bulk);
    // A channel keeps its epoch; new channels get the database's.
    assertThat(bulk).extracting(ChannelEvent::epoch).containsOnly(single.epoch(), opened.databaseEpoch());
    assertThat(log.position("user:bob")).isEqualTo(new ChannelPosition(single.epoch(), 4));
    assertThat(log.position("user:carol")).isEqualTo(new ChannelPosition(opened.databaseEpoch(), 1));
    // Each event is its own event, with its own id, and its envelope is complete.
    assertThat(bulk).extracting(ChannelEvent::eventId).doesNotHaveDuplicates();
    JsonNode env = mapper.readTree(bulk.get(2).envelope());
    assertThat(env.get("type").asText()).isEqualTo("event");
    assertThat(env.get("channel").asText()).isEqualTo("user:bob");
    assertThat(env.get("offset").asLong()).isEqualTo(3);
    assertThat(env.get("event").asText()).isEqualTo("notification");
    assertThat(env.get("id").asText()).isEqualTo(bulk.get(2).eventId());
    assertThat(env.get("data").get("n").asInt()).isEqualTo(3);
    assertThat(env.get("data").get("text").asText()).isEqualTo("caf\u00e9 \"quoted\"");
    assertThat(env.get("timestamp").asLong()).isEqualTo(bulk.get(2).timestamp());
    assertThat(bulk.get(2).repository()).isEqualTo("alice/demo");
    // The data sits in the envelope exactly as serialised (one object, nothing around it) ...
    assertThat(new String(bulk.get(2).envelope(), java.nio.charset.StandardCharsets.UTF_8))
        .contains(",\"data\":{\"n\":3,\"text\":\"caf\u00e9 \\\"quoted\\\"\"},\"timestamp\":");
    // ... and is stored as TEXT, like single appends store it.
    List<String> types = db.read(c -> {
      List<String> out = new ArrayList<>();
      try (var rs = c.createStatement().executeQuery("SELECT DISTINCT typeof(data) FROM events")) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    });
    assertThat(types).containsExactly("text");

    // Replay afterwards: exactly what followed, byte-identical to what went live.
    Replay r = log.readAfter("user:bob", single.epoch(), 1);
    assertThat(r.recovered()).isTrue();
    assertThat(r.events()).extracting(ChannelEvent::offset).containsExactly(2L, 3L, 4L);
    for (int i = 0; i < 3; i++) {
      assertThat(r.events().get(i).envelope()).isEqualTo(bulk.get(2 * i).envelope());
    }
    // A single append afterwards continues the channel.
    assertThat(log.appendTo("user:bob", "notification.read", null, "{}").get(10, TimeUnit.SECONDS).offset())
        .isEqualTo(5);
  }

  @Test
  void sharedRawJsonIsCopiedIntoEveryEvent() throws Exception {
    open();
    RawValue shared = new RawValue(new SerializedString("{\"full_name\":\"alice/demo\",\"private\":false}"));
    List<ChannelAppend> appends = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      appends.add(new ChannelAppend("user:u" + i, "notification", "alice/demo", Map.of("repository", shared)));
    }
    List<ChannelEvent> out = log.appendAllTo(appends).get(10, TimeUnit.SECONDS);
    for (ChannelEvent ce : out) {
      assertThat(mapper.readTree(ce.envelope()).at("/data/repository/full_name").asText()).isEqualTo("alice/demo");
    }
    assertThat(log.readAfter("user:u2", out.get(2).epoch(), 0).events().get(0).envelope())
        .isEqualTo(out.get(2).envelope());
  }

  @Test
  void moreThanOneBatchToOneChannelReplaysCompletelyAndSurvivesARestart() throws Exception {
    open();
    List<ChannelAppend> appends = new ArrayList<>();
    for (int i = 1; i <= 2_500; i++) {
      appends.add(note("user:bob", i));
    }
    List<ChannelEvent> out = log.appendAllTo(appends).get(30, TimeUnit.SECONDS);
    assertThat(out).extracting(ChannelEvent::offset)
        .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 2_500).boxed().toList());
    ChannelPosition before = log.position("user:bob");
    assertThat(before.offset()).isEqualTo(2_500);

    close();
    published.clear();
    open();
    assertThat(log.position("user:bob")).isEqualTo(before);
    Replay r = log.readAfter("user:bob", before.epoch(), 0);
    assertThat(r.recovered()).isTrue();
    assertThat(r.events()).hasSize(2_500);
    assertThat(mapper.readTree(r.events().get(2_499).envelope()).at("/data/n").asInt()).isEqualTo(2_500);
    assertThat(log.appendAllTo(List.of(note("user:bob", 0))).get(10, TimeUnit.SECONDS).get(0).offset())
        .isEqualTo(2_501);
  }

  @Test
  void badInputFailsTheWholeCallAndStoresNothing() throws Exception {
    open();
    assertThat(log.appendAllTo(List.of()).get(10, TimeUnit.SECONDS)).isEmpty();
    assertThatThrownBy(() -> log.appendAllTo(List.of(note("user:bob", 1), note("nonsense", 2)))
        .get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Append 1");
    assertThatThrownBy(() -> log.appendAllTo(List.of(new ChannelAppend("user:bob", " ", null, Map.of())))
        .get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> log.appendAllTo(List.of(
        new ChannelAppend("user:bob", "x", null, Map.of("v", new Object())))).get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(IllegalArgumentException.class);
    assertThat(log.position("user:bob").offset()).isZero();
    assertThat(published).isEmpty();
  }

  @Test
  void aFailedBulkIsRolledBackAsAWholeAndHandsOutNoOffset() throws Exception {
    open();
    // An orphan entry at user:zed #1 makes the bulk's insert of that entry fail half-way.
    db.write(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO entries (channel, channel_offset, event_id, ts) VALUES ('user:zed', 1, 'orphan', 0)")) {
        return ps.executeUpdate();
      }
    }).get(10, TimeUnit.SECONDS);

    assertThatThrownBy(() -> log.appendAllTo(List.of(note("user:amy", 1), note("user:amy", 2), note("user:zed", 3)))
        .get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);

    assertThat(published).isEmpty();
    assertThat(log.position("user:amy").offset()).isZero();
    long events = db.read(c -> {
      try (var rs = c.createStatement().executeQuery("SELECT count(*) FROM events")) {
        rs.next();
        return rs.getLong(1);
      }
    });
    assertThat(events).isZero();
    // The next append gets offset 1: nothing of the failed bulk was kept or handed out.
    assertThat(log.appendAllTo(List.of(note("user:amy", 4))).get(10, TimeUnit.SECONDS).get(0).offset()).isEqualTo(1);
    assertThat(log.appendTo("user:amy", "x", null, "{}").get(10, TimeUnit.SECONDS).offset()).isEqualTo(2);
  }

  @Test
  void bulkAndSingleAppendersTogetherGiveContiguousOffsetsPublishedInOrder() throws Exception {
    open();
    int channels = 7;
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> jobs = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        int seed = t;
        jobs.add(pool.submit(() -> {
          for (int round = 0; round < 20; round++) {
            List<ChannelAppend> batch = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
              batch.add(note("user:c" + ((seed + round + i) % channels), i));
            }
            log.appendAllTo(batch).get(30, TimeUnit.SECONDS);
          }
          return null;
        }));
        jobs.add(pool.submit(() -> {
          List<CompletableFuture<ChannelEvent>> pending = new ArrayList<>();
          for (int i = 0; i < 300; i++) {
            pending.add(log.appendTo("user:c" + ((seed + i) % channels), "single", null, "{}"));
          }
          for (CompletableFuture<ChannelEvent> f : pending) {
            f.get(30, TimeUnit.SECONDS);
          }
          return null;
        }));
      }
      for (Future<?> job : jobs) {
        job.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    // Per channel: offsets 1..N with no gap, reaching the broker in that order, and all replayable.
    Map<String, List<Long>> seen = new HashMap<>();
    synchronized (published) {
      for (ChannelEvent e : published) {
        seen.computeIfAbsent(e.channel(), k -> new ArrayList<>()).add(e.offset());
      }
    }
    long total = 0;
    for (Map.Entry<String, List<Long>> e : seen.entrySet()) {
      List<Long> offsets = e.getValue();
      assertThat(offsets).containsExactlyElementsOf(
          java.util.stream.LongStream.rangeClosed(1, offsets.size()).boxed().toList());
      ChannelPosition p = log.position(e.getKey());
      assertThat(p.offset()).isEqualTo(offsets.size());
      assertThat(log.readAfter(e.getKey(), p.epoch(), 0).events()).hasSize(offsets.size());
      total += offsets.size();
    }
    assertThat(total).isEqualTo(2 * 20 * 30 + 2 * 300);
  }

  @Test
  void theInterfaceDefaultAppendsOneByOneWithTheSameResult() throws Exception {
    open();
    EventLog plain = new EventLog() {
      @Override
      public CompletableFuture<ChannelEvent> appendTo(String channel, String type, String repository, String data) {
        return log.appendTo(channel, type, repository, data);
      }

      @Override
      public ChannelPosition position(String channel) {
        return log.position(channel);
      }

      @Override
      public Replay readAfter(String channel, String epoch, long offset) {
        return log.readAfter(channel, epoch, offset);
      }
    };
    List<ChannelEvent> out = plain.appendAllTo(List.of(note("user:bob", 1), note("user:eve", 2), note("user:bob", 3)))
        .get(10, TimeUnit.SECONDS);
    assertThat(out).extracting(ChannelEvent::channel, ChannelEvent::offset).containsExactly(
        org.assertj.core.groups.Tuple.tuple("user:bob", 1L),
        org.assertj.core.groups.Tuple.tuple("user:eve", 1L),
        org.assertj.core.groups.Tuple.tuple("user:bob", 2L));
    assertThat(mapper.readTree(out.get(2).envelope()).at("/data/n").asInt()).isEqualTo(3);
  }
}
