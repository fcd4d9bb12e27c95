package dev.tidings.plugin.it;

import static dev.tidings.plugin.it.TidingsHost.ALICE;
import static dev.tidings.plugin.it.TidingsHost.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidings.testing.services.RedisServer;
import dev.tidings.testing.support.Await;
import dev.tidings.testing.support.HostTest;
import dev.tidings.testing.support.Received;
import dev.tidings.testing.support.Requirements;
import dev.tidings.testing.support.WsClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Presence across two host nodes in one JVM on one real redis-server ({@code broker=redis}):
 * alice on node A and bob on node B see each other join, type and leave; a user with tabs on both
 * nodes shows once and leaves only when the last tab is gone; a user's typing is throttled over
 * both nodes, and by each node alone while Redis is down.
 */
@HostTest
class RedisPresenceNodesTest {

  private static final String THREAD = "presence:alice/demo/pulls/3";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private static RedisServer redis;

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

  private static TidingsHost node(String prefix, String name, String... more) throws Exception {
    List<String> settings = new ArrayList<>(List.of("broker", "redis", "redis.url", redis.url(), "redis.keyPrefix",
        prefix, "redis.timeout", "10s", "redis.tailBlock", "1s", "presence.leaveGrace", "200ms"));
    settings.addAll(List.of(more));
    return TidingsHost.start(Files.createTempDirectory(dir, "node-" + name), settings.toArray(String[]::new));
  }

  /**
   * alice has a tab on each node and bob views the thread on B. Typing on A then on B within the
   * interval: bob sees one typing, the tab on B is answered rate_limited with its id; after the
   * interval B's typing goes out again. With Redis gone each node throttles alone: typing still
   * goes out, a second one within the interval is refused. /health names each node.
   */
  @Test
  void typingIsThrottledOverAllNodesAndFallsBackToTheNodeWhenRedisIsDown() throws Exception {
    redis.start();
    String prefix = "t" + System.nanoTime();
    // No typing batch: every accepted typing is its own message, so bob's count tells them apart.
    // A 3 s interval leaves room for a slow machine between two typings meant to fall within it.
    // A short redis.timeout: with Redis gone the presence timer's other calls wait no longer.
    String[] fast = {"presence.typingBatch", "0ms", "presence.typingInterval", "3s", "redis.timeout", "3s"};
    try (TidingsHost a = node(prefix, "a", concat(fast, "node.id", "node-a"));
        TidingsHost b = node(prefix, "b", concat(fast, "node.id", "node-b"));
        WsClient aliceOnA = WsClient.connect(a.ws(), Map.of("Authorization", ALICE));
        WsClient aliceOnB = WsClient.connect(b.ws(), Map.of("Authorization", ALICE));
        WsClient bob = WsClient.connect(b.ws(), Map.of("Authorization", BOB))) {
      assertThat(health(a).path("node").asText()).isEqualTo("node-a");
      assertThat(health(b).path("node").asText()).isEqualTo("node-b");
      aliceOnA.subscribeOk(THREAD);
      aliceOnB.subscribeOk(THREAD);
      bob.subscribeOk(THREAD);
      Received snapshot = bob.await("bob's snapshot", m -> m.type().equals("presence"));
      assertThat(logins(snapshot)).containsExactly("alice", "bob");

      aliceOnA.send(typing("t1"));
      bob.await("bob sees alice type on node A", m -> isTypingOf(m, "alice"));
      aliceOnB.send(typing("t2"));
      Received limited = aliceOnB.await("node B refuses: node A took the interval", m -> isErrorFor(m, "t2"));
      assertThat(limited.json().path("code").asText()).isEqualTo("rate_limited");
      assertThat(limited.json().path("channel").asText()).isEqualTo(THREAD);

      // After the interval node B takes it: a second typing reaches bob, and t2 never did.
      typeUntilAccepted(aliceOnB, bob, 2);
      assertThat(typingsOf(bob, "alice")).isEqualTo(2);

      // Redis gone: node B alone decides. Typing still goes out (after B's own interval), and a
      // second one within it is refused by B's own throttle.
      redis.kill();
      Await.isTrue("node B sees Redis down", () -> healthStatus(b) == 503);
      String accepted = typeUntilAccepted(aliceOnB, bob, 3);
      String again = accepted + "-again";
      aliceOnB.send(typing(again));
      Received local = aliceOnB.await("node B's own throttle refuses the next one", m -> isErrorFor(m, again));
      assertThat(local.json().path("code").asText()).isEqualTo("rate_limited");
      bob.roundTrip();
      assertThat(typingsOf(bob, "alice")).isEqualTo(3);

      redis.start();
      Await.isTrue("node B sees Redis back", () -> healthStatus(b) == 200);
    } finally {
      redis.start();
    }
  }

  /**
   * Sends typing from {@code tab} (a new id each time it is refused, a few a second) until
   * {@code viewer} has seen alice type {@code count} times; the id of the accepted one.
   */
  private static String typeUntilAccepted(WsClient tab, WsClient viewer, int count) {
    int[] attempt = {0};
    String[] id = {null};
    return Await.until("alice's typing on node B accepted (typing seen " + count + " times)", Duration.ofSeconds(30),
        Duration.ofMillis(250), () -> {
          if (typingsOf(viewer, "alice") >= count) {
            return Optional.of(id[0]);
          }
          String last = id[0];
          if (last == null || tab.all().stream().anyMatch(m -> isErrorFor(m, last))) {
            id[0] = "r" + count + "-" + ++attempt[0];
            tab.send(typing(id[0]));
          }
          return Optional.empty();
        });
  }

  private static String typing(String id) {
    return "{\"type\":\"typing\",\"channel\":\"" + THREAD + "\",\"id\":\"" + id + "\"}";
  }

  private static boolean isTypingOf(Received m, String login) {
    return m.type().equals("typing") && logins(m).contains(login);
  }

  private static long typingsOf(WsClient viewer, String login) {
    return viewer.all().stream().filter(m -> isTypingOf(m, login)).count();
  }

  private static boolean isErrorFor(Received m, String id) {
    return m.type().equals("error") && m.json().path("id").asText().equals(id);
  }

  private static JsonNode health(TidingsHost node) throws Exception {
    HttpResponse<String> r = node.call("GET", "plugins/tidings/health", null, BOB);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static int healthStatus(TidingsHost node) {
    try {
      return node.call("GET", "plugins/tidings/health", null, BOB).statusCode();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String[] concat(String[] first, String... more) {
    List<String> all = new ArrayList<>(List.of(first));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  @Test
  void usersOnTwoNodesSeeEachOtherJoinTypeAndLeave() throws Exception {
    redis.start();
    String prefix = "p" + System.nanoTime();
    try (TidingsHost a = node(prefix, "a"); TidingsHost b = node(prefix, "b");
        WsClient alice = WsClient.connect(a.ws(), Map.of("Authorization", ALICE));
        WsClient bob = WsClient.connect(b.ws(), Map.of("Authorization", BOB))) {
      alice.subscribeOk(THREAD);
      bob.subscribeOk(THREAD);
      // bob on B sees alice of A: in his snapshot (read from Redis) if node A had written her entry
      // by then, else as a join (A writes the entry, then publishes the join, from its presence
      // thread, after alice's subscribe was answered). And alice sees bob join.
      Received snapshot = bob.await("bob's snapshot", m -> m.type().equals("presence"));
      assertThat(logins(snapshot)).contains("bob").isSubsetOf("alice", "bob");
      if (!logins(snapshot).contains("alice")) {
        bob.await("bob sees alice join from the other node", m -> m.type().equals("join") && user(m).equals("alice"));
      }
      alice.await("alice sees bob join from the other node", m -> m.type().equals("join") && user(m).equals("bob"));

      bob.send("{\"type\":\"typing\",\"channel\":\"" + THREAD + "\"}");
      alice.await("alice sees bob typing on the other node", m -> m.type().equals("typing") && user(m).equals("bob"));

      // A second alice tab, on B: still one alice; closing the A tab leaves her showing.
      long aliceJoinsBefore = bob.all().stream().filter(m -> m.type().equals("join") && user(m).equals("alice")).count();
      try (WsClient aliceOnB = WsClient.connect(b.ws(), Map.of("Authorization", ALICE))) {
        aliceOnB.subscribeOk(THREAD);
        Received both = aliceOnB.await("the second tab's snapshot", m -> m.type().equals("presence"));
        assertThat(logins(both)).containsExactly("alice", "bob");
        alice.send("{\"type\":\"unsubscribe\",\"channel\":\"" + THREAD + "\",\"id\":\"u\"}");
        alice.await("unsubscribed", m -> m.type().equals("unsubscribed"));
        // Bob's connection is on B where alice still has a tab: a leave would be wrong. Then the
        // B tab closes too, and bob sees alice leave.
      }
      Received leave = bob.await("bob sees alice leave once her last tab closed",
          m -> m.type().equals("leave") && user(m).equals("alice"));
      assertThat(bob.all().stream().filter(m -> m.type().equals("leave"))).containsExactly(leave);
      // No flicker: her second tab and the first one's close announced no new join.
      assertThat(bob.all().stream().filter(m -> m.type().equals("join") && user(m).equals("alice")).count())
          .isEqualTo(aliceJoinsBefore);
    }
  }

  private static String user(Received m) {
    if (m.type().equals("typing")) {
      return String.join(",", logins(m));
    }
    return m.json().path("user").path("login").asText();
  }

  private static List<String> logins(Received m) {
    return StreamSupport.stream(m.json().path("users").spliterator(), false).map(u -> u.path("login").asText()).toList();
  }
}
