package dev.tidings.plugin.it;

import static dev.tidings.plugin.it.TidingsHost.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidings.plugin.log.ChannelPosition;
import dev.tidings.plugin.log.EventLog;
import dev.tidings.testing.services.RedisServer;
import dev.tidings.testing.support.Await;
import dev.tidings.testing.support.HostTest;
import dev.tidings.testing.support.Received;
import dev.tidings.testing.support.Requirements;
import dev.tidings.testing.support.WsClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two host nodes in one JVM, each with its own data folder, on one real redis-server
 * ({@code broker=redis}): what one node stores, the other delivers, in order and byte for byte,
 * and a client may resume on either node; a Redis crash loses nothing acknowledged.
 */
@HostTest
class RedisNodesTest {

  private static final String CHANNEL = "repo:alice/demo";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private static RedisServer redis;
  private String prefix;
  private TidingsHost nodeA;
  private TidingsHost nodeB;

  @BeforeAll
  static void startRedis() throws Exception {
    Requirements.require(RedisServer.binary().isPresent(),
        "\n\n*** SKIPPED: no redis-server (Debian: apt-get install -y redis-server) ***\n");
    redis = RedisServer.launch(dir);
  }

  @AfterAll
  static void stopRedis() throws Exception {
    if (redis != null) {
      redis.close();
    }
  }

  @BeforeEach
  void startNodes() throws Exception {
    redis.start();
    // A fresh key prefix per test: both nodes of a test share it, no test sees another's channels.
    prefix = "t" + System.nanoTime();
    nodeA = node(prefix, "a");
    nodeB = node(prefix, "b");
  }

  private static TidingsHost node(String prefix, String name) throws Exception {
    return TidingsHost.start(Files.createTempDirectory(dir, "node-" + name),
        "broker", "redis", "redis.url", redis.url(), "redis.keyPrefix", prefix, "redis.timeout", "10s",
        "redis.tailBlock", "1s", "publish.userBurst", "1000", "publish.repoBurst", "1000",
        "publish.channelBytesBurst", "10000000");
  }

  @AfterEach
  void stopNodes() {
    if (nodeA != null) {
      nodeA.close();
    }
    if (nodeB != null) {
      nodeB.close();
    }
  }

  @Test
  void aClientOnOneNodeReceivesInOrderWhatTheOtherNodePublishes() throws Exception {
    try (WsClient onA = WsClient.connect(nodeA.ws(), Map.of("Authorization", ALICE))) {
      JsonNode subscribed = onA.subscribeOk(CHANNEL);
      long start = subscribed.path("offset").asLong();
      String epoch = subscribed.path("epoch").asText();
      for (int n = 1; n <= 30; n++) {
        JsonNode ack = publish(nodeB, n);
        assertThat(ack.path("offset").asLong()).isEqualTo(start + n);
        assertThat(ack.path("epoch").asText()).isEqualTo(epoch);
      }
      onA.await("the 30th event", m -> m.isEventOn(CHANNEL) && m.json().path("offset").asLong() == start + 30);
      List<Received> events = onA.events(CHANNEL);
      assertThat(events).extracting(m -> m.json().path("offset").asLong())
          .containsExactlyElementsOf(range(start + 1, start + 30));
      assertThat(events).extracting(m -> m.json().path("data").path("n").asInt())
          .containsExactlyElementsOf(range(1, 30).stream().map(Long::intValue).toList());
      // Byte for byte what node B's own log answers for the same event.
      byte[] fromB = nodeB.plugin().getInstance(EventLog.class).readAfter(CHANNEL, epoch, start).events().get(0).envelope();
      assertThat(events.get(0).raw()).isEqualTo(new String(fromB, StandardCharsets.UTF_8));
    }
  }

  @Test
  void aClientResumingOnTheOtherNodeGetsExactlyWhatItMissed() throws Exception {
    String epoch;
    long seen;
    try (WsClient onA = WsClient.connect(nodeA.ws(), Map.of("Authorization", ALICE))) {
      onA.subscribeOk(CHANNEL);
      JsonNode first = publish(nodeA, 0);
      Received got = onA.await("the first event", m -> m.isEventOn(CHANNEL)
          && m.json().path("offset").asLong() == first.path("offset").asLong());
      epoch = first.path("epoch").asText();
      seen = got.json().path("offset").asLong();
    }
    for (int n = 1; n <= 5; n++) {
      publish(n % 2 == 0 ? nodeA : nodeB, n);
    }
    try (WsClient onB = WsClient.connect(nodeB.ws(), Map.of("Authorization", ALICE))) {
      JsonNode resumed = onB.subscribe(CHANNEL, epoch, seen);
      assertThat(resumed.path("type").asText()).isEqualTo("subscribed");
      assertThat(resumed.path("recovered").asBoolean()).isTrue();
      assertThat(resumed.path("epoch").asText()).isEqualTo(epoch);
      onB.await("the fifth missed event", m -> m.isEventOn(CHANNEL) && m.json().path("offset").asLong() == seen + 5);
      onB.roundTrip();
      assertThat(onB.events(CHANNEL)).extracting(m -> m.json().path("data").path("n").asInt())
          .containsExactly(1, 2, 3, 4, 5);
      assertThat(onB.events(CHANNEL)).extracting(m -> m.json().path("offset").asLong())
          .containsExactlyElementsOf(range(seen + 1, seen + 5));
    }
  }

  @Test
  void aKilledRedisLosesNoAcknowledgedEvent() throws Exception {
    List<JsonNode> acknowledged = new CopyOnWriteArrayList<>();
    try (WsClient onA = WsClient.connect(nodeA.ws(), Map.of("Authorization", ALICE))) {
      JsonNode subscribed = onA.subscribeOk(CHANNEL);
      String epoch = subscribed.path("epoch").asText();
      long start = subscribed.path("offset").asLong();
      ExecutorService publisher = Executors.newSingleThreadExecutor();
      try {
        Future<?> publishing = publisher.submit(() -> {
          for (int n = 1; n <= 60; n++) {
            try {
              acknowledged.add(publish(nodeB, n));
            } catch (Exception | AssertionError refused) {
              // Not acknowledged (Redis was down past the timeout): may or may not be stored.
            }
          }
          return null;
        });
        Await.isTrue("some events acknowledged before the crash", () -> acknowledged.size() >= 10);
        redis.kill();
        // The publisher meets a dead Redis meanwhile; health says so until Redis is back.
        Await.isTrue("node B's health reports Redis down", () -> health(nodeB) == 503);
        redis.start();
        Await.isTrue("node B's health reports Redis up again", () -> health(nodeB) == 200);
        publishing.get();
      } finally {
        publisher.shutdownNow();
      }
      assertThat(acknowledged).hasSizeGreaterThan(10);
      long last = acknowledged.get(acknowledged.size() - 1).path("offset").asLong();
      onA.await("the last acknowledged event", m -> m.isEventOn(CHANNEL) && m.json().path("offset").asLong() == last);
      List<Long> offsetsOnA = onA.events(CHANNEL).stream().map(m -> m.json().path("offset").asLong()).toList();
      assertThat(offsetsOnA).as("in order, no duplicates").isSorted().doesNotHaveDuplicates();
      assertThat(offsetsOnA).containsAll(acknowledged.stream().map(a -> a.path("offset").asLong()).toList());
      assertThat(acknowledged).allSatisfy(a -> assertThat(a.path("epoch").asText()).isEqualTo(epoch));

      // And from the history, on the other node: the whole gap, recovered.
      try (WsClient onB = WsClient.connect(nodeB.ws(), Map.of("Authorization", ALICE))) {
        JsonNode resumed = onB.subscribe(CHANNEL, epoch, start);
        assertThat(resumed.path("recovered").asBoolean()).isTrue();
        onB.await("the last acknowledged event", m -> m.isEventOn(CHANNEL) && m.json().path("offset").asLong() == last);
        List<Long> replayed = onB.events(CHANNEL).stream().map(m -> m.json().path("offset").asLong()).toList();
        assertThat(replayed).containsAll(acknowledged.stream().map(a -> a.path("offset").asLong()).toList());
        assertThat(replayed.subList(0, (int) (last - start))).containsExactlyElementsOf(range(start + 1, last));
      }
    }
  }

  @Test
  void aDeletedRepositorysChannelStartsANewEpochOnEveryNode() throws Exception {
    JsonNode before = publish(nodeB, 1);
    String oldEpoch = before.path("epoch").asText();
    HttpResponse<String> deleted = call(nodeA, "DELETE", "api/v1/repos/alice/demo", null);
    assertThat(deleted.statusCode()).as(deleted.body()).isBetween(200, 299);
    EventLog logOnB = nodeB.plugin().getInstance(EventLog.class);
    ChannelPosition fresh = Await.until("a new epoch for the deleted repository's channel", () -> {
      ChannelPosition p = logOnB.position(CHANNEL);
      return p.epoch().equals(oldEpoch) ? Optional.empty() : Optional.of(p);
    });
    // Node B still has a repository of that name (separate data): its next event continues the new
    // epoch from its start (node A's own repository.deleted event may come first, at offset 1).
    JsonNode after = publish(nodeB, 2);
    assertThat(after.path("epoch").asText()).isEqualTo(fresh.epoch());
    assertThat(after.path("offset").asLong()).isBetween(1L, 2L);
    try (WsClient onB = WsClient.connect(nodeB.ws(), Map.of("Authorization", ALICE))) {
      JsonNode resumed = onB.subscribe(CHANNEL, oldEpoch, before.path("offset").asLong());
      assertThat(resumed.path("recovered").asBoolean()).isFalse();
      assertThat(resumed.path("epoch").asText()).isEqualTo(fresh.epoch());
    }
  }

  @Test
  void aMentionIsRoutedByOneNodeAndItsLiveEventReachesEveryNode() throws Exception {
    try (WsClient bobOnA = WsClient.connect(nodeA.ws(), Map.of("Authorization", TidingsHost.BOB));
        WsClient bobOnB = WsClient.connect(nodeB.ws(), Map.of("Authorization", TidingsHost.BOB))) {
      bobOnA.subscribeOk("user:bob");
      bobOnB.subscribeOk("user:bob");
      HttpResponse<String> issue = call(nodeA, "POST", "api/v1/repos/alice/demo/issues",
          "{\"title\":\"Across nodes\",\"body\":\"@bob could you look?\"}");
      assertThat(issue.statusCode()).as(issue.body()).isEqualTo(201);
      // The repository event and its routing work went through Redis; whichever node took the
      // work routed the mention, and its live event reaches bob on both nodes.
      for (WsClient bob : List.of(bobOnA, bobOnB)) {
        Received live = bob.await("bob's mention notification", m -> m.isEventOn("user:bob")
            && m.json().path("data").path("thread").path("reason").asText().equals("mention"));
        assertThat(live.json().path("data").path("thread").path("subject").path("title").asText())
            .isEqualTo("Across nodes");
      }
      // store=sqlite: each node has its own inbox (not a valid multi-node setup, docs/scale-out.md),
      // so the thread is in exactly one of them.
      int inboxes = 0;
      for (TidingsHost node : List.of(nodeA, nodeB)) {
        JsonNode inbox = JSON.readTree(call(node, "GET", "api/v1/notifications", null, TidingsHost.BOB).body());
        inboxes += inbox.findValuesAsText("reason").contains("mention") ? 1 : 0;
      }
      assertThat(inboxes).isEqualTo(1);
    }
  }

  @Test
  void aGapInTheFanOutMakesClientsResumeFromTheHistory() throws Exception {
    try (WsClient onA = WsClient.connect(nodeA.ws(), Map.of("Authorization", ALICE))) {
      JsonNode subscribed = onA.subscribeOk(CHANNEL);
      String epoch = subscribed.path("epoch").asText();
      JsonNode first = publish(nodeB, 1);
      onA.await("the first event", m -> m.isEventOn(CHANNEL)
          && m.json().path("offset").asLong() == first.path("offset").asLong());
      // As if the nodes had paused while more entries than redis.fanoutMaxLen went by: the
      // fan-out's sequence jumps, so the next entry arrives after a hole.
      assertThat(redis.command("HINCRBY " + prefix + ":fanout:meta q 5")).startsWith(":");
      JsonNode second = publish(nodeB, 2);
      JsonNode interrupted = onA.nextMatching(m -> "error".equals(m.path("type").asText())
          && CHANNEL.equals(m.path("channel").asText()), 20);
      assertThat(interrupted.path("code").asText()).isEqualTo("replay_interrupted");
      onA.nextMatching(m -> "unsubscribed".equals(m.path("type").asText()), 20);
      // The client does what the protocol tells it: subscribe again with since.
      JsonNode resumed = onA.subscribe(CHANNEL, epoch, first.path("offset").asLong());
      assertThat(resumed.path("recovered").asBoolean()).isTrue();
      onA.await("the event after the gap", m -> m.isEventOn(CHANNEL)
          && m.json().path("offset").asLong() == second.path("offset").asLong());
      onA.roundTrip();
      assertThat(onA.events(CHANNEL).stream().filter(m -> m.json().path("offset").asLong()
          == second.path("offset").asLong())).as("delivered once").hasSize(1);
    }
  }

  private static int health(TidingsHost node) {
    try {
      return call(node, "GET", "plugins/tidings/health", null).statusCode();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode publish(TidingsHost node, int n) throws Exception {
    HttpResponse<String> r = call(node, "POST", "plugins/tidings/api/publish",
        "{\"channel\":\"" + CHANNEL + "\",\"event\":\"ci.status\",\"data\":{\"n\":" + n + "}}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return JSON.readTree(r.body());
  }

  private static HttpResponse<String> call(TidingsHost node, String method, String path, String body)
      throws Exception {
    return call(node, method, path, body, ALICE);
  }

  private static HttpResponse<String> call(TidingsHost node, String method, String path, String body, String auth)
      throws Exception {
    return node.call(method, path, body, auth);
  }

  private static List<Long> range(long from, long to) {
    List<Long> out = new ArrayList<>();
    for (long i = from; i <= to; i++) {
      out.add(i);
    }
    return out;
  }
}
