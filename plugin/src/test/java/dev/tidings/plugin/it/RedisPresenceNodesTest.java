package dev.tidings.plugin.it;

import static dev.tidings.plugin.it.TidingsHost.ALICE;
import static dev.tidings.plugin.it.TidingsHost.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tidings.testing.services.RedisServer;
import dev.tidings.testing.support.HostTest;
import dev.tidings.testing.support.Received;
import dev.tidings.testing.support.Requirements;
import dev.tidings.testing.support.WsClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Presence across two host nodes in one JVM on one real redis-server ({@code broker=redis}):
 * alice on node A and bob on node B see each other join, type and leave; a user with tabs on both
 * nodes shows once and leaves only when the last tab is gone.
 */
@HostTest
class RedisPresenceNodesTest {

  private static final String THREAD = "presence:alice/demo/pulls/3";

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

  private static TidingsHost node(String prefix, String name) throws Exception {
    return TidingsHost.start(Files.createTempDirectory(dir, "node-" + name),
        "broker", "redis", "redis.url", redis.url(), "redis.keyPrefix", prefix, "redis.timeout", "10s",
        "redis.tailBlock", "1s", "presence.leaveGrace", "200ms");
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
      // bob's snapshot on B shows alice of A (read from Redis), and alice sees bob join.
      Received snapshot = bob.await("bob's snapshot", m -> m.type().equals("presence"));
      assertThat(logins(snapshot)).containsExactly("alice", "bob");
      alice.await("alice sees bob join from the other node", m -> m.type().equals("join") && user(m).equals("bob"));

      bob.send("{\"type\":\"typing\",\"channel\":\"" + THREAD + "\"}");
      alice.await("alice sees bob typing on the other node", m -> m.type().equals("typing") && user(m).equals("bob"));

      // A second alice tab, on B: still one alice; closing the A tab leaves her showing.
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
      assertThat(bob.all().stream().filter(m -> m.type().equals("join") && user(m).equals("alice"))).isEmpty();
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
