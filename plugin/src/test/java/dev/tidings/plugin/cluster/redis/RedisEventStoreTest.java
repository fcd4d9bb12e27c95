package dev.tidings.plugin.cluster.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.samplehost.api.RepoRef;
import dev.samplehost.api.UserRef;
import dev.tidings.hooks.Audience;
import dev.tidings.hooks.EventType;
import dev.tidings.hooks.TidingsEvent;
import dev.tidings.plugin.config.TidingsConfig;
import dev.tidings.plugin.log.ChannelEvent;
import dev.tidings.plugin.log.ChannelPosition;
import dev.tidings.plugin.log.Committed;
import dev.tidings.plugin.log.EventJournal;
import dev.tidings.plugin.log.ReplayPlan;
import dev.tidings.plugin.log.SqliteEventLog;
import dev.tidings.plugin.store.SqliteDatabase;
import dev.tidings.testing.services.RedisServer;
import dev.tidings.testing.support.HostTest;
import dev.tidings.testing.support.Requirements;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Redis event store against a real redis-server, side by side with the SQLite log: the same
 * envelope bytes for the same event, and the same replay bounds (whole gap or nothing).
 */
@HostTest
class RedisEventStoreTest {

  private static final RepoRef DEMO = new RepoRef(1, "alice", "demo", false, false, "main");
  private static final UserRef ALICE = new UserRef(1, "alice", "Alice", "alice@example.org", false);

  @TempDir static Path dir;
  private static RedisServer server;
  private SqliteDatabase db;
  private TidingsConfig config;
  private RedisConnections connections;
  private RedisEventStore redis;
  private SqliteEventLog sqlite;

  @BeforeAll
  static void startRedis() throws Exception {
    Requirements.require(RedisServer.binary().isPresent(),
        "\n\n*** SKIPPED: no redis-server (Debian: apt-get install -y redis-server) ***\n");
    server = RedisServer.launch(dir);
  }

  @AfterAll
  static void stopRedis() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void open() throws Exception {
    Properties p = new Properties();
    p.setProperty("broker", "redis");
    p.setProperty("redis.url", server.url());
    p.setProperty("redis.keyPrefix", "s" + System.nanoTime());
    p.setProperty("log.retention.maxEventsPerChannel", "5");
    config = new TidingsConfig(p);
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    db = new SqliteDatabase(Files.createTempDirectory(dir, "db").resolve("tidings.db"), config, meters);
    db.start();
    sqlite = new SqliteEventLog(db, new ObjectMapper(), config, meters, Clock.systemUTC());
    sqlite.start();
    connections = new RedisConnections(RedisSettings.from(config));
    connections.start();
    redis = new RedisEventStore(connections, RedisSettings.from(config), new ObjectMapper(), config);
    redis.start();
  }

  @AfterEach
  void close() throws Exception {
    redis.stop();
    connections.stop();
    db.stop();
  }

  @Test
  void theSameEventHasTheSameEnvelopeBytesInBothModes() throws Exception {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("ref", "refs/heads/main");
    data.put("text", "ünïcode \"quoted\" \u2028 and more");
    TidingsEvent event = new TidingsEvent("01SAMEEVENT", EventType.PUSH, DEMO, ALICE, System.currentTimeMillis(), data,
        null, null);
    List<ChannelEvent> fromRedis = redis.append(event).get(10, TimeUnit.SECONDS).events();
    List<ChannelEvent> fromSqlite = sqlite.append(event).get(10, TimeUnit.SECONDS).events();
    assertThat(fromRedis).hasSameSizeAs(fromSqlite).isNotEmpty();
    for (int i = 0; i < fromRedis.size(); i++) {
      assertThat(fromRedis.get(i).channel()).isEqualTo(fromSqlite.get(i).channel());
      assertThat(new String(fromRedis.get(i).envelope(), "UTF-8"))
          .isEqualTo(new String(fromSqlite.get(i).envelope(), "UTF-8"));
    }
    // And read back from Redis (another node's view): the same bytes again.
    ChannelEvent first = fromRedis.get(0);
    assertThat(redis.readAfter(first.channel(), first.epoch(), 0).events().get(0).envelope())
        .isEqualTo(fromSqlite.get(0).envelope());
  }

  @Test
  void aRepositoryEventCarriesItsWholeEventToTheWorkStreamAndOtherAppendsNothing() throws Exception {
    TidingsEvent event = new TidingsEvent("01WORKEVENT", EventType.ISSUE_OPENED, DEMO, ALICE,
        System.currentTimeMillis(), Map.of("number", 7), new Audience(Set.of("bob"), List.of("carol"), List.of(),
            List.of()), new TidingsEvent.Subject(TidingsEvent.Subject.Kind.ISSUE, "issue:1:7", 7, "Work", "open",
            "http://h/alice/demo/issues/7", null));
    redis.appendTo("repo:alice/other", "ci.status", "alice/other", "{}").get(10, TimeUnit.SECONDS);
    redis.append(event).get(10, TimeUnit.SECONDS);
    RedisWorkQueue queue = new RedisWorkQueue(connections.workCommands(), RedisSettings.from(config).keys(),
        RedisSettings.WORK_GROUP, Duration.ofMinutes(1));
    RedisWorkQueue.Batch batch = queue.take("test", 10, Duration.ofMillis(200));
    assertThat(batch.items()).hasSize(1);
    assertThat(EventJournal.decode(batch.items().get(0).payload())).isEqualTo(event);
    // The node's SQLite journal is not written in this mode: the work stream is the router's input.
    assertThat(new EventJournal(db, config).after(0, 10)).isEmpty();
  }

  @Test
  void aGapIsReplayedWholeWithinTheBoundsOrNotAtAll() throws Exception {
    String channel = "repo:alice/bounds";
    Committed first = redis.appendTo(channel, "ci.status", "alice/bounds", "{\"n\":0}").get(10, TimeUnit.SECONDS);
    String epoch = first.events().get(0).epoch();
    for (int n = 1; n <= 5; n++) {
      redis.appendTo(channel, "ci.status", "alice/bounds", "{\"n\":" + n + "}").get(10, TimeUnit.SECONDS);
    }
    assertThat(redis.position(channel)).isEqualTo(new ChannelPosition(epoch, 6));
    // Five missing: within log.retention.maxEventsPerChannel.
    assertThat(redis.readAfter(channel, epoch, 1).events()).extracting(ChannelEvent::offset)
        .containsExactly(2L, 3L, 4L, 5L, 6L);
    ReplayPlan plan = redis.planReplay(channel, epoch, 1, 100, Long.MAX_VALUE);
    assertThat(plan.recovered()).isTrue();
    assertThat(plan.upTo()).isEqualTo(6);
    // Six missing: beyond it, so nothing (never a partial replay); also a wrong epoch or a future offset.
    assertThat(redis.readAfter(channel, epoch, 0).recovered()).isFalse();
    assertThat(redis.readAfter(channel, epoch, 0).events()).isEmpty();
    assertThat(redis.planReplay(channel, epoch, 0, 100, Long.MAX_VALUE).recovered()).isFalse();
    assertThat(redis.planReplay(channel, epoch, 1, 4, Long.MAX_VALUE).recovered()).as("caller's event bound").isFalse();
    assertThat(redis.planReplay(channel, epoch, 1, 100, 10).recovered()).as("caller's byte bound").isFalse();
    assertThat(redis.readAfter(channel, "other", 1).recovered()).isFalse();
    assertThat(redis.readAfter(channel, epoch, 7).recovered()).isFalse();
    assertThat(redis.readAfter(channel, epoch, 6).recovered()).isTrue();
    // Pages: up to upTo, at most maxEvents, and none after the one that reaches maxBytes.
    assertThat(redis.readPage(channel, epoch, 1, 4, 100, Long.MAX_VALUE)).extracting(ChannelEvent::offset)
        .containsExactly(2L, 3L, 4L);
    assertThat(redis.readPage(channel, epoch, 1, 6, 2, Long.MAX_VALUE)).hasSize(2);
    assertThat(redis.readPage(channel, epoch, 1, 6, 100, 1)).hasSize(1);
    assertThat(redis.readPage(channel, "other", 1, 6, 100, Long.MAX_VALUE)).isEmpty();
  }

  @Test
  void eventsOlderThanTheAgeBoundAreNotReplayed() throws Exception {
    long eightDaysAgo = System.currentTimeMillis() - Duration.ofDays(8).toMillis();
    TidingsEvent old = new TidingsEvent("01OLDEVENT", EventType.PUSH, DEMO, ALICE, eightDaysAgo, Map.of(), null, null);
    ChannelEvent e = redis.append(old).get(10, TimeUnit.SECONDS).events().get(0);
    assertThat(redis.readAfter(e.channel(), e.epoch(), e.offset() - 1).recovered()).isFalse();
    assertThat(redis.readAfter(e.channel(), e.epoch(), e.offset()).recovered()).as("nothing missing").isTrue();
  }
}
