package dev.tidings.plugin.cluster.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidings.testing.services.RedisServer;
import dev.tidings.testing.support.Await;
import dev.tidings.testing.support.HostTest;
import dev.tidings.testing.support.Requirements;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Nodes" share the notification work stream: each entry done once, a dead node's work taken over, a
 * live node's kept, a restarted node's pending entries re-read, trimmed entries counted.
 */
@HostTest
class RedisWorkQueueTest {

  @TempDir static Path dir;
  private static RedisServer server;
  private static RedisClient client;

  @BeforeAll
  static void startRedis() throws Exception {
    Requirements.require(RedisServer.binary().isPresent(),
        "\n\n*** SKIPPED: no redis-server (Debian: apt-get install -y redis-server) ***\n");
    server = RedisServer.launch(dir);
    client = RedisClient.create(server.url());
  }

  @AfterAll
  static void stopRedis() throws Exception {
    if (client != null) {
      client.shutdown();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void everyEventIsDoneByExactlyOneNodeEvenWhenOneDiesHoldingWork() throws Exception {
    RedisKeys keys = new RedisKeys("w" + System.nanoTime());
    try (StatefulRedisConnection<String, String> writer = client.connect();
        StatefulRedisConnection<String, String> a = client.connect();
        StatefulRedisConnection<String, String> b = client.connect();
        StatefulRedisConnection<String, String> dead = client.connect()) {
      Duration claimAfter = Duration.ofMillis(300);
      RedisWorkQueue qa = new RedisWorkQueue(a.sync(), keys, "notify", claimAfter);
      RedisWorkQueue qb = new RedisWorkQueue(b.sync(), keys, "notify", claimAfter);
      RedisWorkQueue qDead = new RedisWorkQueue(dead.sync(), keys, "notify", claimAfter);
      qa.ensureGroup();
      qb.ensureGroup();
      qDead.ensureGroup();
      RedisChannelLog log = new RedisChannelLog(writer.sync(), keys, new RedisRetention(10_000, 10_000, false));
      for (int i = 0; i < 300; i++) {
        log.append("e" + i, List.of("repo:a/w"), "h", "{}", "work-" + i);
      }
      // Events without work (user: channels, published events) add nothing to the work stream.
      log.append(List.of("user:bob"), "h", "{}");
      // The third node takes a batch and dies before acknowledging it.
      RedisWorkQueue.Batch lost = qDead.take("node-c", 40, Duration.ofMillis(100));
      assertThat(lost.items()).hasSize(40);
      assertThat(lost.lost()).isZero();

      Map<String, AtomicInteger> doneCount = new ConcurrentHashMap<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (doneCount.size() < 300 && System.nanoTime() < deadline) {
        for (var node : List.of(Map.entry("node-a", qa), Map.entry("node-b", qb))) {
          RedisWorkQueue.Batch work = node.getValue().take(node.getKey(), 25, Duration.ofMillis(50));
          List<String> ids = new ArrayList<>();
          for (RedisWorkQueue.WorkItem e : work.items()) {
            doneCount.computeIfAbsent(e.payload(), k -> new AtomicInteger()).incrementAndGet();
            ids.add(e.id());
          }
          node.getValue().done(ids);
        }
      }
      assertThat(doneCount).hasSize(300);
      assertThat(doneCount.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
      assertThat(lost.items()).allSatisfy(e -> assertThat(doneCount).containsKey(e.payload()));
      assertThat(qa.pendingCount()).isZero();
      // All done: trimming empties the stream.
      assertThat(qa.trimDone()).isEqualTo(300);
      assertThat(writer.sync().xlen(keys.work())).isZero();
    }
  }

  @Test
  void aRestartedConsumerGetsItsOwnPendingEntriesBackFirst() throws Exception {
    RedisKeys keys = new RedisKeys("p" + System.nanoTime());
    try (StatefulRedisConnection<String, String> writer = client.connect();
        StatefulRedisConnection<String, String> first = client.connect();
        StatefulRedisConnection<String, String> second = client.connect()) {
      // Long claim delay: nobody else would take these entries during the test.
      RedisWorkQueue before = new RedisWorkQueue(first.sync(), keys, "notify", Duration.ofMinutes(10));
      before.ensureGroup();
      RedisChannelLog log = new RedisChannelLog(writer.sync(), keys, new RedisRetention(10_000, 10_000, false));
      for (int i = 0; i < 7; i++) {
        log.append("e" + i, List.of("repo:a/w"), "h", "{}", "work-" + i);
      }
      RedisWorkQueue.Batch taken = before.take("node-a", 5, Duration.ofMillis(100));
      assertThat(taken.items()).extracting(RedisWorkQueue.WorkItem::payload)
          .containsExactly("work-0", "work-1", "work-2", "work-3", "work-4");
      before.done(List.of(taken.items().get(0).id()));
      // "Restart": a new queue on a new connection under the same consumer name.
      RedisWorkQueue after = new RedisWorkQueue(second.sync(), keys, "notify", Duration.ofMinutes(10));
      after.ensureGroup();
      List<RedisWorkQueue.WorkItem> page1 = after.pending("node-a", "0", 3);
      assertThat(page1).extracting(RedisWorkQueue.WorkItem::payload).containsExactly("work-1", "work-2", "work-3");
      List<RedisWorkQueue.WorkItem> page2 = after.pending("node-a", page1.get(2).id(), 3);
      assertThat(page2).extracting(RedisWorkQueue.WorkItem::payload).containsExactly("work-4");
      assertThat(after.pending("node-a", page2.get(0).id(), 3)).isEmpty();
      // Done entries leave the stream; pending ones (work-1..4) and untaken ones (work-5, 6) stay.
      assertThat(after.trimDone()).isEqualTo(1);
      assertThat(second.sync().xlen(keys.work())).isEqualTo(6);
      assertThat(after.pending("node-a", "0", 10)).hasSize(4);
      // Another consumer has nothing pending; new entries are the two nobody took yet.
      assertThat(after.pending("node-b", "0", 10)).isEmpty();
      assertThat(after.take("node-b", 10, Duration.ofMillis(100)).items())
          .extracting(RedisWorkQueue.WorkItem::payload).containsExactly("work-5", "work-6");
    }
  }

  @Test
  void entriesTrimmedBeforeAnyoneTookThemAreCounted() throws Exception {
    RedisKeys keys = new RedisKeys("t" + System.nanoTime());
    try (StatefulRedisConnection<String, String> writer = client.connect();
        StatefulRedisConnection<String, String> a = client.connect()) {
      RedisWorkQueue q = new RedisWorkQueue(a.sync(), keys, "notify", Duration.ofMinutes(10));
      q.ensureGroup();
      // Exact trimming to 5 entries: 20 appended while nobody reads, 15 are gone.
      RedisChannelLog log = new RedisChannelLog(writer.sync(), keys, new RedisRetention(10_000, 10_000, 5, true));
      log.append("first", List.of("repo:a/w"), "h", "{}", "work-first");
      assertThat(q.take("node-a", 10, Duration.ofMillis(100)).items()).hasSize(1);
      for (int i = 0; i < 20; i++) {
        log.append("e" + i, List.of("repo:a/w"), "h", "{}", "work-" + i);
      }
      RedisWorkQueue.Batch batch = q.take("node-a", 100, Duration.ofMillis(100));
      assertThat(batch.items()).extracting(RedisWorkQueue.WorkItem::payload)
          .containsExactly("work-15", "work-16", "work-17", "work-18", "work-19");
      assertThat(batch.lost()).isEqualTo(15);
    }
  }

  @Test
  void entriesALiveConsumerKeepsAreNotTakenOverAndAreOnceItStops() throws Exception {
    RedisKeys keys = new RedisKeys("k" + System.nanoTime());
    try (StatefulRedisConnection<String, String> writer = client.connect();
        StatefulRedisConnection<String, String> slow = client.connect();
        StatefulRedisConnection<String, String> other = client.connect()) {
      Duration claimAfter = Duration.ofSeconds(2);
      RedisWorkQueue qSlow = new RedisWorkQueue(slow.sync(), keys, "notify", claimAfter);
      RedisWorkQueue qOther = new RedisWorkQueue(other.sync(), keys, "notify", claimAfter);
      qSlow.ensureGroup();
      RedisChannelLog log = new RedisChannelLog(writer.sync(), keys, new RedisRetention(10_000, 10_000, false));
      log.append("e0", List.of("repo:a/w"), "h", "{}", "slow-work");
      List<RedisWorkQueue.WorkItem> held = qSlow.take("slow", 10, Duration.ofMillis(100)).items();
      assertThat(held).hasSize(1);
      // A slow event: the holder refreshes its claim for longer than claimAfter; nobody takes it.
      long until = System.nanoTime() + claimAfter.multipliedBy(2).toNanos();
      while (System.nanoTime() < until) {
        qSlow.keep("slow", List.of(held.get(0).id()));
        assertThat(qOther.take("other", 10, Duration.ofMillis(200)).items()).isEmpty();
      }
      // The holder dies (no more refreshes): the other consumer takes it over.
      List<RedisWorkQueue.WorkItem> taken = Await.until("the take-over",
          Duration.ofSeconds(20), () -> Optional.of(qOther.take("other", 10, Duration.ofMillis(200)).items())
              .filter(l -> !l.isEmpty()));
      assertThat(taken).extracting(RedisWorkQueue.WorkItem::payload).containsExactly("slow-work");
    }
  }
}
