package dev.tidings.plugin.cluster.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidings.testing.services.RedisServer;
import dev.tidings.testing.support.HostTest;
import dev.tidings.testing.support.Requirements;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three "nodes" share the work of the fan-out stream: each event done once, a dead node's work taken over. */
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
        log.append(List.of("repo:a/w"), "h", "{}");
      }
      // The third node takes a batch and dies before acknowledging it.
      List<FanOutEntry> lost = qDead.take("node-c", 40, Duration.ofMillis(100));
      assertThat(lost).hasSize(40);

      Map<Long, AtomicInteger> doneCount = new ConcurrentHashMap<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (doneCount.size() < 300 && System.nanoTime() < deadline) {
        for (var node : List.of(Map.entry("node-a", qa), Map.entry("node-b", qb))) {
          List<FanOutEntry> work = node.getValue().take(node.getKey(), 25, Duration.ofMillis(50));
          List<String> ids = new ArrayList<>();
          for (FanOutEntry e : work) {
            doneCount.computeIfAbsent(e.positions().get(0).offset(), k -> new AtomicInteger()).incrementAndGet();
            ids.add(e.id());
          }
          node.getValue().done(ids);
        }
      }
      assertThat(doneCount).hasSize(300);
      assertThat(doneCount.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
      assertThat(lost).allSatisfy(e -> assertThat(doneCount).containsKey(e.positions().get(0).offset()));
    }
  }
}
