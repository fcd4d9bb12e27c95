package dev.tidings.plugin.cluster.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tidings.testing.services.RedisServer;
import dev.tidings.testing.support.Await;
import dev.tidings.testing.support.HostTest;
import dev.tidings.testing.support.Requirements;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Redis channel log and fan-out against a real redis-server (appendfsync always), crashes included. */
@HostTest
class RedisChannelLogTest {

  @TempDir static Path dir;
  private static RedisServer server;
  private static RedisClient client;
  private static StatefulRedisConnection<String, String> connection;
  private static RedisCommands<String, String> redis;
  private final RedisKeys keys = new RedisKeys("t" + System.nanoTime());

  @BeforeAll
  static void startRedis() throws Exception {
    Requirements.require(RedisServer.binary().isPresent(),
        "\n\n*** SKIPPED: no redis-server (Debian: apt-get install -y redis-server) ***\n");
    server = RedisServer.launch(dir);
    client = RedisClient.create(server.url());
    connection = client.connect();
    redis = connection.sync();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    if (client != null) {
      connection.close();
      client.shutdown();
    }
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void redisIsUp() throws Exception {
    server.start();
  }

  private RedisChannelLog log(long maxLen) {
    return new RedisChannelLog(redis, keys, new RedisRetention(maxLen, 100_000, true));
  }

  @Test
  void eachChannelCountsItsOwnOffsetsUnderOneEpoch() {
    RedisChannelLog log = log(1000);
    Appended a = log.append(List.of("repo:a/x", "org:a"), "h1", "{\"n\":1}");
    Appended b = log.append(List.of("repo:a/x"), "h2", "{\"n\":2}");
    Appended c = log.append(List.of("repo:a/x", "org:a"), "h3", "{\"n\":3}");

    assertThat(a.positions()).extracting(StreamPosition::offset).containsExactly(1L, 1L);
    assertThat(b.positions()).extracting(StreamPosition::offset).containsExactly(2L);
    assertThat(c.positions()).extracting(StreamPosition::offset).containsExactly(3L, 2L);
    assertThat(c.positions().get(0).epoch()).isEqualTo(a.positions().get(0).epoch());

    ChannelPage page = log.read("repo:a/x", 0, 100);
    assertThat(page.top()).isEqualTo(3);
    assertThat(page.events()).extracting(StoredEvent::body).containsExactly("{\"n\":1}", "{\"n\":2}", "{\"n\":3}");
    assertThat(page.events()).extracting(StoredEvent::header).containsExactly("h1", "h2", "h3");
    assertThat(page.continues(page.epoch(), 0)).isTrue();
    assertThat(log.read("repo:a/x", 1, 1).events()).extracting(StoredEvent::offset).containsExactly(2L);
    assertThat(log.read("repo:a/x", 1, 1).hasMore()).isTrue();
  }

  @Test
  void aReplayIsNeverPartial() {
    RedisChannelLog log = log(3);
    for (int i = 1; i <= 5; i++) {
      log.append(List.of("repo:a/trim"), "h", "{\"n\":" + i + "}");
    }
    ChannelPage fromStart = log.read("repo:a/trim", 0, 100);
    assertThat(fromStart.events()).extracting(StoredEvent::offset).containsExactly(3L, 4L, 5L);
    assertThat(fromStart.continues(fromStart.epoch(), 0)).as("events 1 and 2 were trimmed").isFalse();
    assertThat(fromStart.continues(fromStart.epoch(), 2)).isTrue();
    assertThat(fromStart.continues("another-epoch", 4)).isFalse();
    assertThat(fromStart.continues(fromStart.epoch(), 9)).as("ahead of the channel").isFalse();
  }

  @Test
  void aForgottenChannelStartsANewEpochThatOldPositionsCannotResumeInto() {
    RedisChannelLog log = log(100);
    String old = log.append(List.of("repo:a/gone"), "h", "{}").positions().get(0).epoch();
    log.forget("repo:a/gone");
    StreamPosition fresh = log.append(List.of("repo:a/gone"), "h", "{}").positions().get(0);
    assertThat(fresh.epoch()).isNotEqualTo(old);
    assertThat(fresh.offset()).isEqualTo(1);
    assertThat(log.read("repo:a/gone", 1, 10).continues(old, 1)).isFalse();
  }

  @Test
  void aChannelReadBeforeItsFirstEventKeepsTheEpochTheReaderSaw() {
    RedisChannelLog log = log(100);
    ChannelPage before = log.read("repo:a/new", 0, 10);
    assertThat(before.top()).isZero();
    log.append(List.of("repo:a/new"), "h", "{}");
    assertThat(log.read("repo:a/new", 0, 10).continues(before.epoch(), 0)).isTrue();
  }

  @Test
  void concurrentWritersGetDistinctGaplessOffsets() throws Exception {
    RedisChannelLog log = log(10_000);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<Long>>> writers = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        writers.add(pool.submit(() -> {
          List<Long> mine = new ArrayList<>();
          for (int i = 0; i < 250; i++) {
            mine.add(log.append(List.of("repo:a/busy"), "h", "{}").positions().get(0).offset());
          }
          return mine;
        }));
      }
      List<Long> all = new ArrayList<>();
      for (Future<List<Long>> f : writers) {
        List<Long> mine = f.get();
        assertThat(mine).isSorted();
        all.addAll(mine);
      }
      Collections.sort(all);
      assertThat(all).hasSize(1000).first().isEqualTo(1L);
      assertThat(all.get(999)).isEqualTo(1000L);
      assertThat(all).doesNotHaveDuplicates();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void acknowledgedEventsSurviveAKilledRedis() throws Exception {
    RedisChannelLog log = log(1000);
    for (int i = 1; i <= 100; i++) {
      log.append(List.of("repo:a/crash"), "h", "{\"n\":" + i + "}");
    }
    server.kill();
    server.start();
    ChannelPage page = log.read("repo:a/crash", 0, 1000);
    assertThat(page.top()).isEqualTo(100);
    assertThat(page.events()).hasSize(100);
    assertThat(log.append(List.of("repo:a/crash"), "h", "{}").positions().get(0).offset()).isEqualTo(101);
  }

  @Test
  void twoNodesTailTheSameOrderAndLoseNothingAcrossARedisRestart() throws Exception {
    RedisChannelLog log = log(1000);
    Tail nodeA = new Tail();
    Tail nodeB = new Tail();
    try (StatefulRedisConnection<String, String> a = client.connect();
        StatefulRedisConnection<String, String> b = client.connect()) {
      FanOutTail tailA = new FanOutTail(a.sync(), keys, nodeA, Duration.ofMillis(200), 100);
      FanOutTail tailB = new FanOutTail(b.sync(), keys, nodeB, Duration.ofMillis(200), 100);
      tailA.start();
      tailB.start();
      try {
        for (int i = 1; i <= 50; i++) {
          log.append(List.of("repo:a/tail"), "h", "{\"n\":" + i + "}");
        }
        awaitSize(nodeA, 50);
        server.kill();
        server.start();
        for (int i = 51; i <= 100; i++) {
          log.append(List.of("repo:a/tail"), "h", "{\"n\":" + i + "}");
        }
        awaitSize(nodeA, 100);
        awaitSize(nodeB, 100);
      } finally {
        tailA.stop();
        tailB.stop();
      }
    }
    List<Long> expected = new ArrayList<>();
    for (long i = 1; i <= 100; i++) {
      expected.add(i);
    }
    assertThat(nodeA.offsets).containsExactlyElementsOf(expected);
    assertThat(nodeB.offsets).containsExactlyElementsOf(expected);
    assertThat(nodeA.gaps).isEmpty();
  }

  @Test
  void aTailResumingBehindTheTrimmedFanOutHearsOfTheGapAndGoesOn() throws Exception {
    RedisChannelLog log = new RedisChannelLog(redis, keys, new RedisRetention(1000, 5, true));
    Tail before = new Tail();
    String stoppedAt;
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      FanOutTail tail = new FanOutTail(c.sync(), keys, before, Duration.ofMillis(200), 100);
      tail.start();
      log.append(List.of("repo:a/gap"), "h", "{}");
      awaitSize(before, 1);
      tail.stop();
      stoppedAt = tail.lastId();
    }
    // While this node is away, more than the fan-out keeps is written.
    for (int i = 0; i < 20; i++) {
      log.append(List.of("repo:a/gap"), "h", "{}");
    }
    Tail after = new Tail();
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      FanOutTail tail = new FanOutTail(c.sync(), keys, after, Duration.ofMillis(200), 100);
      tail.startAfter(stoppedAt);
      try {
        awaitSize(after, 5);
      } finally {
        tail.stop();
      }
    }
    assertThat(after.gaps).containsExactly(stoppedAt);
    assertThat(after.offsets).containsExactly(17L, 18L, 19L, 20L, 21L);
  }

  @Test
  void aTailThatFallsBehindTheTrimWithoutADisconnectHearsOfTheGap() throws Exception {
    RedisChannelLog log = new RedisChannelLog(redis, keys, new RedisRetention(1000, 5, true));
    CountDownLatch paused = new CountDownLatch(1);
    CountDownLatch resume = new CountDownLatch(1);
    Tail slow = new Tail() {
      @Override
      public void onEntry(FanOutEntry entry) {
        super.onEntry(entry);
        if (entry.positions().get(0).offset() == 1) {
          // The node stalls (a long GC pause) while holding its first entry.
          paused.countDown();
          await(resume);
        }
      }
    };
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      FanOutTail tail = new FanOutTail(c.sync(), keys, slow, Duration.ofMillis(200), 1);
      tail.start();
      try {
        log.append(List.of("repo:a/stall"), "h", "{}");
        assertThat(paused.await(20, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 20; i++) {
          log.append(List.of("repo:a/stall"), "h", "{}");
        }
        resume.countDown();
        awaitSize(slow, 6);
      } finally {
        tail.stop();
      }
    }
    assertThat(slow.gaps).hasSize(1);
    assertThat(slow.offsets).containsExactly(1L, 17L, 18L, 19L, 20L, 21L);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(20, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void aTailResumingWithinTheFanOutGetsEverythingWithoutAGap() throws Exception {
    RedisChannelLog log = log(1000);
    Tail first = new Tail();
    String stoppedAt;
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      FanOutTail tail = new FanOutTail(c.sync(), keys, first, Duration.ofMillis(200), 100);
      tail.start();
      log.append(List.of("repo:a/resume"), "h", "{}");
      awaitSize(first, 1);
      tail.stop();
      stoppedAt = tail.lastId();
    }
    for (int i = 0; i < 10; i++) {
      log.append(List.of("repo:a/resume"), "h", "{}");
    }
    Tail second = new Tail();
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      FanOutTail tail = new FanOutTail(c.sync(), keys, second, Duration.ofMillis(200), 100);
      tail.startAfter(stoppedAt);
      try {
        awaitSize(second, 10);
      } finally {
        tail.stop();
      }
    }
    assertThat(second.gaps).isEmpty();
    assertThat(second.offsets).containsExactly(2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L);
  }

  @Test
  void aRetriedAppendOfTheSameEventStoresNothingNew() {
    RedisChannelLog log = log(100);
    Appended first = log.append("01RETRY", List.of("repo:a/retry", "org:a"), "h", "{\"n\":1}");
    Appended again = log.append("01RETRY", List.of("repo:a/retry", "org:a"), "h", "{\"n\":1}");
    assertThat(again).isEqualTo(first);
    assertThat(log.read("repo:a/retry", 0, 10).events()).hasSize(1);
    assertThat(log.append("01OTHER", List.of("repo:a/retry"), "h", "{}").positions().get(0).offset()).isEqualTo(2);
  }

  @Test
  void anEventNeedsDistinctChannels() {
    RedisChannelLog log = log(10);
    assertThatThrownBy(() -> log.append(List.of(), "h", "{}")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> log.append(List.of("repo:a/x", "repo:a/x"), "h", "{}"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static void awaitSize(Tail tail, int size) {
    Await.isTrue(size + " events on the tail", () -> tail.offsets.size() >= size);
  }

  private static class Tail implements FanOutTail.Listener {
    final List<Long> offsets = new CopyOnWriteArrayList<>();
    final List<String> gaps = new CopyOnWriteArrayList<>();

    @Override
    public void onEntry(FanOutEntry entry) {
      offsets.add(entry.positions().get(0).offset());
    }

    @Override
    public void onGap(String lastId) {
      gaps.add(lastId);
    }
  }
}
