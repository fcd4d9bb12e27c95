package dev.tidings.e2e;

import static dev.tidings.e2e.Cluster.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidings.testing.git.GitCli;
import dev.tidings.testing.support.Await;
import dev.tidings.testing.support.Received;
import dev.tidings.testing.support.SlowTest;
import dev.tidings.testing.support.SseClient;
import dev.tidings.testing.support.WsClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;

/**
 * The multi-node mode end to end (issue 11): three host JVMs on one data folder, Redis
 * ({@code broker=redis}) and PostgreSQL ({@code store=postgresql}), see {@link Cluster}. Every
 * check is about what clients and users see: the order and completeness of a channel's events on
 * every node, resumes on another node, a node killed with SIGKILL and Redis killed and restarted
 * mid-stream, one notification per watcher for 1,000 watchers, and access removed on one node
 * ending delivery on another.
 *
 * <p>One cluster for the class; each test uses its own repository channel and leaves the
 * cluster whole again ({@link Cluster#ensureUp} before each).
 */
@SlowTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTest {
  private static final Duration DELIVERY = Duration.ofSeconds(30);
  private static final int WATCHERS = Integer.getInteger("tidings.e2e.clusterWatchers", 1000);

  private static Cluster cluster;
  private static final AtomicBoolean FAILED = new AtomicBoolean();

  /** Keeps the run's folder (the nodes' logs) when a test failed. */
  @RegisterExtension
  static final TestWatcher KEEP_LOGS_ON_FAILURE = new TestWatcher() {
    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
      FAILED.set(true);
    }
  };

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = Cluster.start(Path.of("target", "cluster"));
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
      if (FAILED.get()) {
        System.out.println("ClusterTest: the nodes' logs are in " + cluster.root());
      } else {
        cluster.deleteFiles();
      }
    }
  }

  @BeforeEach
  void wholeCluster() throws Exception {
    cluster.ensureUp();
  }

  /** One acknowledged publish: who sent it ({@code data.src}, {@code data.seq}) and where it was stored. */
  record Ack(String source, int seq, String id, long offset, String epoch) {}

  // ---------------------------------------------------------------------------------------------
  // 1. Live order across nodes
  // ---------------------------------------------------------------------------------------------

  @Test
  @Order(1)
  void aClientOnOneNodeGetsPushesThroughAnotherAndPublishesThroughTheThirdInOrder(@TempDir Path temp)
      throws Exception {
    String channel = "repo:alice/demo";
    try (ChannelFollower onA = ChannelFollower.follow("ws on a", cluster.a(), channel, ALICE)) {
      long start = onA.startOffset();
      GitCli work = E2eHost.git(temp).in(temp.resolve("demo"))
          .cloneFrom(cluster.b().gitUrl("alice", "tidings-alice", "alice/demo"));

      // Strictly interleaved: a push through b, then a publish through c, each seen on a before the next.
      List<String> expectedIds = new ArrayList<>();
      List<String> expectedTypes = new ArrayList<>();
      Map<Long, String> pushedShas = new HashMap<>();
      for (int i = 1; i <= 3; i++) {
        String sha = work.commit("cluster: push " + i + " through b");
        work.push("origin", "main");
        onA.awaitOffset(start + expectedIds.size() + 1, DELIVERY);
        JsonNode push = onA.events().get(expectedIds.size());
        assertThat(push.path("event").asText()).as("%s", push).isEqualTo("push");
        assertThat(push.path("data").path("after").asText()).as("%s", push).isEqualTo(sha);
        pushedShas.put(push.path("offset").asLong(), sha);
        expectedIds.add(push.path("id").asText());
        expectedTypes.add("push");

        Ack ack = publishOk(cluster.c(), channel, "c", i);
        expectedIds.add(ack.id());
        expectedTypes.add("ci.status");
        assertThat(ack.offset()).as("the publish's offset follows the push").isEqualTo(start + expectedIds.size());
        onA.awaitOffset(ack.offset(), DELIVERY);
      }

      // At the same time: pushes through b and publishes through c, neither waiting for the other.
      ExecutorService pool = Executors.newFixedThreadPool(2);
      List<String> concurrentShas = Collections.synchronizedList(new ArrayList<>());
      List<Ack> concurrentAcks = Collections.synchronizedList(new ArrayList<>());
      try {
        Future<?> pushes = pool.submit(() -> {
          for (int i = 1; i <= 3; i++) {
            concurrentShas.add(work.commit("cluster: concurrent push " + i));
            work.push("origin", "main");
          }
          return null;
        });
        Future<?> publishes = pool.submit(() -> {
          for (int i = 1; i <= 20; i++) {
            concurrentAcks.add(publishOk(cluster.c(), channel, "c-concurrent", i));
          }
          return null;
        });
        pushes.get(120, TimeUnit.SECONDS);
        publishes.get(120, TimeUnit.SECONDS);
      } finally {
        pool.shutdownNow();
      }
      int total = expectedIds.size() + concurrentShas.size() + concurrentAcks.size();
      onA.awaitOffset(start + total, DELIVERY);

      List<JsonNode> events = onA.events();
      assertOneApartWithoutDuplicates(onA, start, start + total);
      assertThat(events.subList(0, expectedIds.size())).extracting(e -> e.path("id").asText())
          .containsExactlyElementsOf(expectedIds);
      assertThat(events.subList(0, expectedIds.size())).extracting(e -> e.path("event").asText())
          .containsExactlyElementsOf(expectedTypes);
      pushedShas.forEach((offset, sha) -> assertThat(events.get((int) (offset - start - 1))
          .path("data").path("after").asText()).isEqualTo(sha));
      List<JsonNode> concurrent = events.subList(expectedIds.size(), total);
      assertThat(concurrent.stream().filter(e -> e.path("event").asText().equals("push"))
          .map(e -> e.path("data").path("after").asText())).as("pushes in push order")
          .containsExactlyElementsOf(concurrentShas);
      assertThat(concurrent.stream().filter(e -> e.path("event").asText().equals("ci.status")).toList())
          .as("publishes in publish order, each where its 201 said")
          .extracting(e -> e.path("id").asText(), e -> e.path("offset").asLong())
          .containsExactlyElementsOf(concurrentAcks.stream()
              .map(a -> org.assertj.core.groups.Tuple.tuple(a.id(), a.offset())).toList());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // 2. Resume on another node: WebSocket since, SSE Last-Event-ID, long-poll cursor
  // ---------------------------------------------------------------------------------------------

  @Test
  @Order(2)
  void aClientResumesOnAnotherNodeWithExactlyWhatItMissed() throws Exception {
    cluster.createRepo("resume", false);
    String channel = "repo:alice/resume";
    String epoch;
    long seen;
    String sseCursor;
    try (ChannelFollower onA = ChannelFollower.follow("ws on a", cluster.a(), channel, ALICE);
        SseClient sseOnA = SseClient.open(cluster.a().sseUri(), "alice", "tidings-alice", null, channel)) {
      sseOnA.await("subscribed", m -> m.type().equals("subscribed"));
      Ack first = publishOk(cluster.b(), channel, "seen", 1);
      onA.awaitOffset(first.offset(), DELIVERY);
      sseCursor = sseOnA.await("the first event", m -> m.isEventOn(channel)
          && m.json().path("id").asText().equals(first.id())).sseId();
      epoch = onA.epoch();
      seen = first.offset();
    }
    Rest.Answer pollNow = cluster.a().get(poll(channel, null, 0), ALICE);
    assertThat(pollNow.status()).as("%s", pollNow).isEqualTo(200);
    String pollCursor = pollNow.json().path("cursor").asText();

    // Away: events through every node, a host action (an issue opened through b) among them. A
    // witness on b sees each before the next, so the expected order is known.
    List<String> missed = new ArrayList<>();
    try (ChannelFollower witness = ChannelFollower.follow("witness on b", cluster.b(), channel, ALICE)) {
      missed.add(publishOk(cluster.c(), channel, "away", 1).id());
      missed.add(publishOk(cluster.c(), channel, "away", 2).id());
      Rest.Answer issue = cluster.b().send("POST", "api/v1/repos/alice/resume/issues",
          "{\"title\":\"Opened on b while the client was away\"}", ALICE);
      assertThat(issue.status()).as("%s", issue).isEqualTo(201);
      witness.awaitOffset(seen + 3, DELIVERY);
      JsonNode opened = witness.events().get(2);
      assertThat(opened.path("event").asText()).as("%s", opened).isEqualTo("issue.opened");
      missed.add(opened.path("id").asText());
      missed.add(publishOk(cluster.a(), channel, "away", 3).id());
      missed.add(publishOk(cluster.b(), channel, "away", 4).id());
      witness.awaitOffset(seen + missed.size(), DELIVERY);
      assertThat(witness.events()).extracting(e -> e.path("id").asText()).containsExactlyElementsOf(missed);
    }
    long top = seen + missed.size();

    // WebSocket: subscribed on a, resumes on c.
    try (WsClient onC = WsClient.connect(cluster.c().wsUri(), Map.of("Authorization", ALICE))) {
      JsonNode resumed = onC.subscribe(channel, epoch, seen);
      assertThat(resumed.path("type").asText()).as("%s", resumed).isEqualTo("subscribed");
      assertThat(resumed.path("recovered").asBoolean()).as("%s", resumed).isTrue();
      assertThat(resumed.path("epoch").asText()).isEqualTo(epoch);
      assertThat(resumed.path("offset").asLong()).isEqualTo(top);
      onC.await("the last missed event", m -> m.isEventOn(channel) && m.json().path("offset").asLong() == top);
      onC.roundTrip();
      assertThat(onC.events(channel)).extracting(m -> m.json().path("offset").asLong())
          .containsExactlyElementsOf(range(seen + 1, top));
      assertThat(onC.events(channel)).extracting(m -> m.json().path("id").asText()).containsExactlyElementsOf(missed);
    }

    // SSE: streamed from a, resumes on b with Last-Event-ID.
    try (SseClient onB = SseClient.open(cluster.b().sseUri(), "alice", "tidings-alice", sseCursor, channel)) {
      assertThat(onB.status()).as("SSE resume on b: %s", onB.errorBody()).isEqualTo(200);
      Received subscribed = onB.await("subscribed", m -> m.type().equals("subscribed"));
      assertThat(subscribed.json().path("recovered").asBoolean()).as("%s", subscribed.raw()).isTrue();
      onB.await("the last missed event", m -> m.isEventOn(channel) && m.json().path("offset").asLong() == top);
      assertThat(onB.events(channel)).extracting(m -> m.json().path("id").asText()).containsExactlyElementsOf(missed);
    }

    // Long-poll: cursor from a, resumes on c.
    Rest.Answer polled = cluster.c().get(poll(channel, pollCursor, 10), ALICE);
    assertThat(polled.status()).as("%s", polled).isEqualTo(200);
    assertThat(polled.json().path("channels").path(channel).path("recovered").asBoolean()).as("%s", polled).isTrue();
    List<String> polledIds = new ArrayList<>();
    polled.json().path("events").forEach(e -> polledIds.add(e.path("id").asText()));
    assertThat(polledIds).as("%s", polled).containsExactlyElementsOf(missed);
  }

  // ---------------------------------------------------------------------------------------------
  // 3. kill -9 of a node mid-stream
  // ---------------------------------------------------------------------------------------------

  @Test
  @Order(3)
  void aNodeKilledMidStreamLosesNoAcknowledgedEventAndItsClientsResumeElsewhere() throws Exception {
    cluster.createRepo("crash", false);
    String channel = "repo:alice/crash";
    try (ChannelFollower onA = ChannelFollower.follow("ws on a", cluster.a(), channel, ALICE);
        ChannelFollower onB = ChannelFollower.follow("ws on b", cluster.b(), channel, ALICE);
        ChannelFollower onC = ChannelFollower.follow("ws on c", cluster.c(), channel, ALICE)) {
      long start = Math.max(onA.startOffset(), Math.max(onB.startOffset(), onC.startOffset()));
      List<Ack> acks = Collections.synchronizedList(new ArrayList<>());
      AtomicInteger refused = new AtomicInteger();
      ExecutorService pool = Executors.newSingleThreadExecutor();
      try {
        Future<?> publishing = pool.submit(() -> {
          publishLoop(cluster.b(), channel, "b", 300, acks, refused, 0);
          return null;
        });
        Await.isTrue("100 publishes through b acknowledged", Duration.ofSeconds(60), () -> acks.size() >= 100);
        cluster.b().kill9();
        publishing.get(120, TimeUnit.SECONDS);
      } finally {
        pool.shutdownNow();
      }
      int failed = refused.get();
      assertThat(failed).as("publishes refused after the kill (acknowledged: %d)", acks.size()).isPositive();

      // The client of the dead node moves to a and resumes there.
      JsonNode resumed = onB.resumeOn(cluster.a());
      assertThat(resumed.path("recovered").asBoolean()).as("%s", resumed).isTrue();

      Ack fence = publishOk(cluster.a(), channel, "fence", 1);
      List<Ack> expected = new ArrayList<>(acks);
      expected.add(fence);
      for (ChannelFollower f : List.of(onA, onB, onC)) {
        f.awaitOffset(fence.offset(), DELIVERY);
        assertOneApartWithoutDuplicates(f, f.startOffset(), fence.offset());
        assertContainsAcknowledged(f, expected);
        assertInPublishOrder(f, "b");
      }
      assertThat(idsAfter(onC, start)).as("the same stream on every node").containsExactlyElementsOf(idsAfter(onA, start))
          .containsExactlyElementsOf(idsAfter(onB, start));
      System.out.printf("ClusterTest kill -9: %d of 300 publishes through b acknowledged, %d refused, %d events "
          + "delivered%n", acks.size(), failed, fence.offset() - start);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // 4. Redis killed and restarted mid-stream
  // ---------------------------------------------------------------------------------------------

  @Test
  @Order(4)
  void aRedisCrashAndRestartLosesNoAcknowledgedEventAndNoClientSeesASilentGap() throws Exception {
    cluster.createRepo("outage", false);
    String channel = "repo:alice/outage";
    try (ChannelFollower onA = ChannelFollower.follow("ws on a", cluster.a(), channel, ALICE);
        ChannelFollower onB = ChannelFollower.follow("ws on b", cluster.b(), channel, ALICE);
        ChannelFollower onC = ChannelFollower.follow("ws on c", cluster.c(), channel, ALICE)) {
      List<Ack> acks = Collections.synchronizedList(new ArrayList<>());
      AtomicInteger refused = new AtomicInteger();
      int ackedBeforeRestart;
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        List<Future<?>> publishers = new ArrayList<>();
        for (HostProcess node : List.of(cluster.a(), cluster.c())) {
          String source = node == cluster.a() ? "a" : "c";
          publishers.add(pool.submit(() -> {
            publishLoop(node, channel, source, 150, acks, refused, 200);
            return null;
          }));
        }
        Await.isTrue("40 publishes acknowledged", Duration.ofSeconds(60), () -> acks.size() >= 40);
        cluster.redis().kill();
        Await.isTrue("node a reports Redis down", Duration.ofSeconds(30), () -> health(cluster.a()) == 503);
        // Down longer than redis.timeout (5 s): publishes meanwhile are refused (503), not silently kept.
        Await.isTrue("a publish refused while Redis is down", Duration.ofSeconds(30), () -> refused.get() > 0);
        ackedBeforeRestart = acks.size();
        cluster.redis().start();
        for (Future<?> p : publishers) {
          p.get(180, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
      int failed = refused.get();
      cluster.ensureUp();
      Ack fence = publishOk(cluster.b(), channel, "fence", 1);
      List<Ack> expected = new ArrayList<>(acks);
      expected.add(fence);
      for (ChannelFollower f : List.of(onA, onB, onC)) {
        f.awaitOffset(fence.offset(), DELIVERY);
        assertOneApartWithoutDuplicates(f, f.startOffset(), fence.offset());
        assertContainsAcknowledged(f, expected);
        assertInPublishOrder(f, "a");
        assertInPublishOrder(f, "c");
      }
      System.out.printf("ClusterTest Redis kill: %d of 300 publishes acknowledged (%d after the restart), %d "
          + "refused; replay_interrupted seen by a/b/c: %d/%d/%d, reconnects %d/%d/%d%n", acks.size(),
          acks.size() - ackedBeforeRestart, failed,
          onA.interruptions(), onB.interruptions(), onC.interruptions(),
          onA.reconnects(), onB.reconnects(), onC.reconnects());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // 5. 1,000 watchers, one event, one thread each
  // ---------------------------------------------------------------------------------------------

  @Test
  @Order(5)
  void everyWatcherGetsExactlyOneNotificationForAnEventTakenByAnotherNode() throws Exception {
    cluster.createRepo("crowd", false);
    String title = "Crowd: one comment, one thread each";
    Rest.Answer issue = cluster.a().send("POST", "api/v1/repos/alice/crowd/issues",
        "{\"title\":\"" + title + "\",\"body\":\"Opened before anyone watches.\"}", ALICE);
    assertThat(issue.status()).as("%s", issue).isEqualTo(201);
    long index = issue.json().path("number").asLong();

    // Users and tokens through a (host REST), watches through c (the plugin's Gitea-shaped REST).
    List<String> logins = new ArrayList<>();
    for (int i = 0; i < WATCHERS; i++) {
      logins.add(String.format("watcher-%04d", i));
    }
    Map<String, String> tokens = Collections.synchronizedMap(new HashMap<>());
    inParallel(logins, login -> {
      Rest.Answer user = cluster.a().send("POST", "api/v1/admin/users", "{\"username\":\"" + login
          + "\",\"email\":\"" + login + "@example.com\",\"password\":\"watcher-password\","
          + "\"must_change_password\":false}", ALICE);
      assertThat(user.status()).as("create %s: %s", login, user).isEqualTo(201);
      Rest.Answer token = cluster.a().send("POST", "api/v1/users/" + login + "/tokens",
          "{\"name\":\"cluster\",\"scopes\":[\"all\"]}", ALICE);
      assertThat(token.status()).as("token of %s: %s", login, token).isEqualTo(201);
      String auth = "token " + token.json().path("sha1").asText();
      tokens.put(login, auth);
      Rest.Answer watch = cluster.c().send("PUT", "api/v1/repos/alice/crowd/subscription", null, auth);
      assertThat(watch.status()).as("%s watches alice/crowd: %s", login, watch).isEqualTo(200);
    });

    String first = logins.get(0);
    String channel = "repo:alice/crowd";
    try (WsClient live = WsClient.connect(cluster.c().wsUri(), Map.of("Authorization", tokens.get(first)));
        ChannelFollower onA = ChannelFollower.follow("ws on a", cluster.a(), channel, ALICE);
        ChannelFollower onB = ChannelFollower.follow("ws on b", cluster.b(), channel, ALICE);
        ChannelFollower onC = ChannelFollower.follow("ws on c", cluster.c(), channel, ALICE)) {
      live.subscribeOk("user:" + first);
      // The event: a comment taken by node b, seen live on every node.
      Rest.Answer comment = cluster.b().send("POST", "api/v1/repos/alice/crowd/issues/" + index + "/comments",
          "{\"body\":\"One comment for " + WATCHERS + " watchers.\"}", ALICE);
      assertThat(comment.status()).as("%s", comment).isEqualTo(201);
      for (ChannelFollower f : List.of(onA, onB, onC)) {
        f.awaitEvent("the comment", e -> e.path("event").asText().equals("issue.comment"), DELIVERY);
        assertThat(f.events()).as("%s", f).filteredOn(e -> e.path("event").asText().equals("issue.comment"))
            .hasSize(1);
      }

      // Read on c, a node that did not take the comment.
      Await.isTrue("the last watcher's thread is listed on c", Duration.ofSeconds(120),
          () -> inbox(cluster.c(), tokens.get(logins.get(WATCHERS - 1))).size() > 0);
      inParallel(logins, login -> {
        String auth = tokens.get(login);
        List<JsonNode> threads = Await.until(login + "'s thread on c", Duration.ofSeconds(30), () -> {
          List<JsonNode> t = inbox(cluster.c(), auth);
          return t.isEmpty() ? Optional.empty() : Optional.of(t);
        });
        assertThat(threads).as("%s's threads", login).hasSize(1);
        JsonNode thread = threads.get(0);
        assertThat(thread.path("subject").path("title").asText()).as("%s", thread).isEqualTo(title);
        assertThat(thread.path("unread").asBoolean()).as("%s", thread).isTrue();
        Rest.Answer unread = cluster.c().get("api/v1/notifications/new", auth);
        assertThat(unread.status()).as("%s", unread).isEqualTo(200);
        assertThat(unread.json().path("new").asInt()).as("%s's unread count", login).isEqualTo(1);
      });

      live.await("the live notification of " + first, m -> m.isEventOn("user:" + first));
      live.roundTrip();
      assertThat(live.events("user:" + first)).as("live notifications of %s on c", first).hasSize(1);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // 6. Access removed on one node ends delivery on another (the host's --access-refresh: each
  //    node notices access changes made by the others)
  // ---------------------------------------------------------------------------------------------

  @Test
  @Order(6)
  void aCollaboratorRemovedThroughOneNodeStopsReceivingOnAnother() throws Exception {
    cluster.createRepo("vault", true);
    String vault = "repo:alice/vault";
    String fenceChannel = "repo:alice/demo";
    Rest.Answer added = cluster.a().send("PUT", "api/v1/repos/alice/vault/collaborators/bob",
        "{\"permission\":\"read\"}", ALICE);
    assertThat(added.status()).as("%s", added).isEqualTo(204);
    try (WsClient bob = WsClient.connect(cluster.c().wsUri(), "bob", "tidings-bob");
        WsClient alice = WsClient.connect(cluster.c().wsUri(), "alice", "tidings-alice")) {
      bob.subscribeOk(vault);
      bob.subscribeOk(fenceChannel);
      alice.subscribeOk(vault);
      Ack before = publishOk(cluster.a(), vault, "before", 1);
      for (WsClient client : List.of(bob, alice)) {
        client.await("the event before the removal", m -> isEvent(m, vault, before.id()));
      }

      Rest.Answer removed = cluster.a().send("DELETE", "api/v1/repos/alice/vault/collaborators/bob", null, ALICE);
      assertThat(removed.status()).as("%s", removed).isEqualTo(204);
      assertThat(cluster.a().get("api/v1/repos/alice/vault", Cluster.BOB).status())
          .as("bob cannot read the repository on a any more").isEqualTo(404);

      // Bounded: a probe on the vault, then a fence on a channel bob may still read. Node c fans
      // the fan-out stream out in order, so once bob has the fence he would have had the probe.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      int round = 0;
      boolean stopped = false;
      while (!stopped && System.nanoTime() < deadline) {
        round++;
        Ack probe = publishOk(cluster.a(), vault, "probe", round);
        Ack fence = publishOk(cluster.a(), fenceChannel, "fence", round);
        alice.await("probe " + round, DELIVERY, m -> isEvent(m, vault, probe.id()));
        bob.await("fence " + round, DELIVERY, m -> isEvent(m, fenceChannel, fence.id()));
        stopped = bob.all().stream().noneMatch(m -> isEvent(m, vault, probe.id()));
        if (!stopped) {
          Thread.sleep(250); // pace the probes; the deadline bounds the wait
        }
      }
      assertThat(stopped).as("after %d probes in 30 s node c still delivers the private repository's events "
          + "to the removed collaborator", round).isTrue();

      // From then on: fresh events reach the owner on c and never bob.
      for (int i = 1; i <= 3; i++) {
        Ack fresh = publishOk(cluster.a(), vault, "after", i);
        Ack fence = publishOk(cluster.a(), fenceChannel, "after-fence", i);
        alice.await("fresh event " + i, DELIVERY, m -> isEvent(m, vault, fresh.id()));
        bob.await("fence " + i, DELIVERY, m -> isEvent(m, fenceChannel, fence.id()));
        assertThat(bob.all()).noneMatch(m -> isEvent(m, vault, fresh.id()));
      }
      JsonNode again = bob.subscribe(vault);
      assertThat(again.path("type").asText()).as("bob subscribes to the vault on c again: %s", again)
          .isEqualTo("error");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // helpers
  // ---------------------------------------------------------------------------------------------

  /** POSTs {@code ci.status} with {@code data.src} and {@code data.seq} as alice; fails unless 201. */
  private static Ack publishOk(HostProcess node, String channel, String source, int seq) {
    Rest.Answer a = publish(node, channel, source, seq);
    assertThat(a.status()).as("publish %s #%d through %s: %s", source, seq, node.baseUrl(), a).isEqualTo(201);
    return ack(a, source, seq);
  }

  private static Rest.Answer publish(HostProcess node, String channel, String source, int seq) {
    return node.send("POST", "plugins/tidings/api/publish", "{\"channel\":\"" + channel
        + "\",\"event\":\"ci.status\",\"data\":{\"src\":\"" + source + "\",\"seq\":" + seq + "}}", ALICE);
  }

  private static Ack ack(Rest.Answer a, String source, int seq) {
    JsonNode j = a.json();
    return new Ack(source, seq, j.path("id").asText(), j.path("offset").asLong(), j.path("epoch").asText());
  }

  /**
   * Publishes {@code count} events one after the other; adds each 201 to {@code acks} and counts in
   * {@code refused} each that was not acknowledged (an error status, or no answer: the node died or
   * timed out), after which it waits {@code backoffMillis} like a client that backs off.
   */
  private static void publishLoop(HostProcess node, String channel, String source, int count, List<Ack> acks,
      AtomicInteger refused, long backoffMillis) throws InterruptedException {
    for (int seq = 1; seq <= count; seq++) {
      Rest.Answer a;
      try {
        a = publish(node, channel, source, seq);
      } catch (AssertionError noAnswer) {
        a = null;
      }
      if (a != null && a.status() == 201) {
        acks.add(ack(a, source, seq));
      } else {
        refused.incrementAndGet();
        Thread.sleep(backoffMillis);
      }
    }
  }

  /** Offsets {@code from+1 .. to}, one apart, in arrival order, and no event id twice. */
  private static void assertOneApartWithoutDuplicates(ChannelFollower f, long from, long to) {
    List<JsonNode> events = f.events();
    assertThat(events).as("%s: offsets (resumes %s)", f, f.resumes()).extracting(e -> e.path("offset").asLong())
        .containsExactlyElementsOf(range(from + 1, to));
    assertThat(events).as("%s: event ids", f).extracting(e -> e.path("id").asText()).doesNotHaveDuplicates();
  }

  private static List<String> idsAfter(ChannelFollower f, long offset) {
    return f.events().stream().filter(e -> e.path("offset").asLong() > offset).map(e -> e.path("id").asText()).toList();
  }

  /** Every acknowledged publish arrived, with the id and at the offset its 201 named. */
  private static void assertContainsAcknowledged(ChannelFollower f, List<Ack> acks) {
    Map<Long, String> idAt = new HashMap<>();
    f.events().forEach(e -> idAt.put(e.path("offset").asLong(), e.path("id").asText()));
    List<Ack> missing = acks.stream().filter(a -> !a.id().equals(idAt.get(a.offset()))).toList();
    assertThat(missing).as("%s: acknowledged publishes missing or elsewhere", f).isEmpty();
  }

  /** The events one publisher sent arrive in the order it sent them, acknowledged or not. */
  private static void assertInPublishOrder(ChannelFollower f, String source) {
    List<Integer> seqs = f.events().stream().filter(e -> source.equals(e.path("data").path("src").asText()))
        .map(e -> e.path("data").path("seq").asInt()).toList();
    assertThat(seqs).as("%s: order of %s's events", f, source).isSorted().doesNotHaveDuplicates();
  }

  private static boolean isEvent(Received m, String channel, String id) {
    return m.isEventOn(channel) && m.json().path("id").asText().equals(id);
  }

  private static int health(HostProcess node) {
    try {
      return node.get("plugins/tidings/health", null).status();
    } catch (AssertionError noAnswer) {
      return -1;
    }
  }

  private static String poll(String channel, String cursor, int timeoutSeconds) {
    return "plugins/tidings/poll?channel=" + URLEncoder.encode(channel, StandardCharsets.UTF_8)
        + "&timeout=" + timeoutSeconds + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
  }

  private static List<JsonNode> inbox(HostProcess node, String auth) {
    Rest.Answer a = node.get("api/v1/notifications?all=true&limit=50", auth);
    assertThat(a.status()).as("%s", a).isEqualTo(200);
    List<JsonNode> threads = new ArrayList<>();
    a.json().forEach(threads::add);
    return threads;
  }

  private static List<Long> range(long from, long to) {
    return LongStream.rangeClosed(from, to).boxed().toList();
  }

  /** Runs {@code work} for every item on 8 threads; the first failure fails the test. */
  private static void inParallel(List<String> items, ThrowingConsumer work) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (String item : items) {
        done.add(pool.submit(() -> {
          work.accept(item);
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(5, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @FunctionalInterface
  private interface ThrowingConsumer {
    void accept(String item) throws Exception;
  }
}
