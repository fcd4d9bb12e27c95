package dev.tidings.plugin.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidings.testing.git.GitCli;
import dev.tidings.testing.support.Await;
import dev.tidings.testing.support.BasicAuth;
import dev.tidings.testing.support.HostTest;
import dev.tidings.testing.support.Received;
import dev.tidings.testing.support.SseClient;
import dev.tidings.testing.support.TestJson;
import dev.tidings.testing.support.WsClient;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Pushes, authorisation, revocation, recovery, SSE and long-poll against the real host and the real git CLI. */
@HostTest
class LiveDeliveryTest {

  private static final Logger log = LoggerFactory.getLogger(LiveDeliveryTest.class);

  @TempDir
  static Path dir;
  static TidingsHost host;

  @BeforeAll
  static void start() throws Exception {
    host = TidingsHost.start(dir.resolve("host"), "sse.heartbeat", "1s");
  }

  @AfterAll
  static void stop() {
    if (host != null) {
      host.close();
    }
  }

  static Map<String, String> auth(String header) {
    return header == null ? Map.of() : Map.of("Authorization", header);
  }

  // ---- git push ------------------------------------------------------------------------------

  @Test
  void aRealGitPushReachesASubscriberWithItsCommits() throws Exception {
    Path home = dir.resolve("git-home");
    Path work = dir.resolve("work");
    String url = host.baseUrl().replace("http://", "http://alice:tidings-alice@") + "alice/demo.git";
    git(home, dir, "clone", url, work.toString());
    try (WsClient c = WsClient.connect(host.ws())) {
      assertThat(c.subscribe("repo:alice/demo").path("type").asText()).isEqualTo("subscribed");
      List<Long> latencies = new ArrayList<>();
      List<Long> afterReturn = new ArrayList<>();
      for (int i = 1; i <= 3; i++) {
        Files.writeString(work.resolve("file" + i + ".txt"), "change " + i);
        git(home, work, "add", ".");
        git(home, work, "commit", "-m", "Change number " + i);
        long before = System.nanoTime();
        git(home, work, "push", "origin", "main");
        long returned = System.nanoTime();
        JsonNode push = c.nextMatching(n -> "push".equals(n.path("event").asText()), 20);
        long received = push.path("_receivedNanos").asLong();
        latencies.add(TimeUnit.NANOSECONDS.toMillis(received - before));
        afterReturn.add(TimeUnit.NANOSECONDS.toMillis(received - returned));
        assertThat(push.path("channel").asText()).isEqualTo("repo:alice/demo");
        assertThat(push.toString()).contains("Change number " + i);
      }
      log.info("push start to WebSocket receipt (ms): {}; receipt relative to git push exiting (ms): {}", latencies, afterReturn);
    }
  }

  private static void git(Path home, Path cwd, String... args) {
    new GitCli(cwd).withHome(home).withTimeout(java.time.Duration.ofSeconds(60)).check(args);
  }

  // ---- who may see what ------------------------------------------------------------------------

  @Test
  void authorisationMatrixOverWebSocket() throws Exception {
    String[][] expected = {
        // channel, anonymous, alice, bob
        {"repo:alice/demo", "subscribed", "subscribed", "subscribed"},
        {"repo:acme/secret", "forbidden", "subscribed", "forbidden"},
        {"repo:acme/secret/prs", "forbidden", "subscribed", "forbidden"},
        {"repo:nobody/nothing", "forbidden", "forbidden", "forbidden"},
        {"user:alice", "unauthenticated", "subscribed", "forbidden"},
        {"user:bob", "unauthenticated", "forbidden", "subscribed"},
        {"org:acme", "unauthenticated", "subscribed", "subscribed"},
        {"org:nosuchorg", "unauthenticated", "forbidden", "forbidden"},
    };
    String[] who = {null, TidingsHost.ALICE, TidingsHost.BOB};
    for (int w = 0; w < who.length; w++) {
      try (WsClient c = WsClient.connect(host.ws(), auth(who[w]))) {
        for (String[] row : expected) {
          JsonNode answer = c.subscribe(row[0]);
          String got = answer.path("type").asText().equals("subscribed") ? "subscribed" : answer.path("code").asText();
          assertThat(got).as(row[0] + " for " + (w == 0 ? "anonymous" : w == 1 ? "alice" : "bob")).isEqualTo(row[w + 1]);
        }
      }
    }
  }

  @Test
  void bobNeverReceivesASecretEventOnAnyChannelOrTransport() throws Exception {
    try (WsClient bob = WsClient.connect(host.ws(), auth(TidingsHost.BOB));
        WsClient alice = WsClient.connect(host.ws(), auth(TidingsHost.ALICE))) {
      bob.subscribe("org:acme");
      bob.subscribe("repo:alice/demo");
      alice.subscribe("org:acme");
      String channels = "channel=org:acme&channel=repo:alice/demo";
      try (SseClient sse = SseClient.open(host.http("plugins/tidings/events?" + channels), auth(TidingsHost.BOB))) {
        assertThat(sse.status()).isEqualTo(200);
        sse.nextOfType("subscribed", 10);
        sse.nextOfType("subscribed", 10);
        JsonNode poll0 = poll(channels + "&timeout=0", TidingsHost.BOB);
        String cursor = poll0.path("cursor").asText();

        host.publish("org:acme", "acme/secret", "{\"secret\":true}");
        host.publish("repo:acme/secret", "acme/secret", "{\"secret\":true}");
        host.publish("org:acme", "alice/demo", "{\"marker\":1}");

        assertThat(alice.nextMatching(n -> n.toString().contains("secret"), 10)).isNotNull();
        JsonNode bobsNext = bob.nextOfType("event", 10);
        assertThat(bobsNext.toString()).contains("marker").doesNotContain("secret");
        assertThat(sse.nextOfType("event", 10).json().toString()).contains("marker").doesNotContain("secret");
        JsonNode polled = poll(channels + "&cursor=" + cursor + "&timeout=5", TidingsHost.BOB);
        assertThat(polled.path("events").toString()).contains("marker").doesNotContain("secret");
      }
    }
  }

  @Test
  void removingACollaboratorEndsTheirSubscriptionAtOnce() throws Exception {
    HttpResponse<String> add = api("PUT", "api/v1/repos/acme/secret/collaborators/bob", "{\"permission\":\"read\"}");
    assertThat(add.statusCode()).as(add.body()).isBetween(200, 299);
    try (WsClient bob = WsClient.connect(host.ws(), auth(TidingsHost.BOB));
        SseClient sse = SseClient.open(host.http("plugins/tidings/events?channel=repo:acme/secret&channel=user:bob"), auth(TidingsHost.BOB))) {
      assertThat(bob.subscribe("repo:acme/secret").path("type").asText()).isEqualTo("subscribed");
      assertThat(sse.status()).isEqualTo(200);
      host.publish("repo:acme/secret", "acme/secret", "{\"before\":true}");
      assertThat(bob.nextOfType("event", 10).toString()).contains("before");
      assertThat(sse.nextOfType("event", 10).json().toString()).contains("before");
      var heldPoll = TestJson.HTTP.sendAsync(HttpRequest.newBuilder(host.http("plugins/tidings/poll?channel=repo:acme/secret&timeout=30"))
          .header("Authorization", TidingsHost.BOB).GET().build(), HttpResponse.BodyHandlers.ofString());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (host.plugin().getInstance(dev.tidings.plugin.hub.Connections.class).snapshot().stream()
          .noneMatch(c -> c.transport().equals("poll")) && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }

      HttpResponse<String> remove = api("DELETE", "api/v1/repos/acme/secret/collaborators/bob", null);
      assertThat(remove.statusCode()).as(remove.body()).isBetween(200, 299);
      JsonNode error = bob.nextOfType("error", 10);
      assertThat(error.path("code").asText()).isEqualTo("forbidden");
      assertThat(error.path("channel").asText()).isEqualTo("repo:acme/secret");
      assertThat(error.path("message").asText()).isEqualTo("access revoked");
      assertThat(bob.nextOfType("unsubscribed", 10).path("channel").asText()).isEqualTo("repo:acme/secret");
      JsonNode sseError = sse.nextOfType("error", 10).json();
      assertThat(sseError.path("message").asText()).isEqualTo("access revoked");
      assertThat(sse.nextOfType("unsubscribed", 10).json().path("channel").asText()).isEqualTo("repo:acme/secret");
      JsonNode polled = TestJson.MAPPER.readTree(heldPoll.get(20, TimeUnit.SECONDS).body());
      assertThat(polled.path("channels").path("repo:acme/secret").path("error").asText()).isEqualTo("forbidden");

      host.publish("repo:acme/secret", "acme/secret", "{\"after\":true}");
      host.publish("user:bob", null, "{\"marker\":true}");
      assertThat(sse.nextOfType("event", 10).json().toString()).contains("marker").doesNotContain("after");
      bob.send("{\"type\":\"ping\"}");
      assertThat(bob.nextMatching(n -> !n.path("type").asText().equals("error"), 10).path("type").asText()).isEqualTo("pong");
    }
  }

  private static HttpResponse<String> api(String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(host.http(path)).timeout(Duration.ofSeconds(20))
        .header("Authorization", TidingsHost.ALICE).header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return TestJson.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  // ---- handshake ----------------------------------------------------------------------------------

  @Test
  void cookiesNeedAnAllowedOriginAndBadCredentialsGet401() throws Exception {
    String cookie = host.sessionCookie("alice");
    try (WsClient ok = WsClient.connect(host.ws(), Map.of("Cookie", cookie, "Origin", host.origin()))) {
      assertThat(ok.subscribe("user:alice").path("type").asText()).isEqualTo("subscribed");
    }
    assertThat(handshakeStatus(Map.of("Cookie", cookie, "Origin", "https://evil.example"))).isEqualTo(403);
    assertThat(handshakeStatus(Map.of("Cookie", cookie))).isEqualTo(403);
    assertThat(handshakeStatus(Map.of("Authorization", BasicAuth.basic("alice", "wrong")))).isEqualTo(401);
    // A token from a foreign page is fine: it is not ambient. Basic is (browsers cache it): refused.
    try (WsClient token = WsClient.connect(host.ws(), Map.of("Authorization", aliceToken(), "Origin", "https://evil.example"))) {
      assertThat(token.subscribe("user:alice").path("type").asText()).isEqualTo("subscribed");
    }
    assertThat(handshakeStatus(Map.of("Authorization", TidingsHost.ALICE, "Origin", "https://evil.example"))).isEqualTo(403);
    assertThat(handshakeStatus(Map.of("Authorization", " ", "Cookie", cookie, "Origin", host.origin()))).isEqualTo(401);
    HttpResponse<String> sse = get("plugins/tidings/events?channel=user:alice", Map.of("Cookie", cookie, "Origin", "https://evil.example"));
    assertThat(sse.statusCode()).isEqualTo(403);
    assertThat(sse.body()).contains("\"message\"");
    HttpResponse<String> urlToken = get("plugins/tidings/poll?channel=repo:alice/demo&access_token=abc&timeout=0", Map.of());
    assertThat(urlToken.statusCode()).isEqualTo(400);
  }

  @Test
  void cookieWritesToPluginRoutesFromForeignPagesAreRefused() throws Exception {
    String cookie = host.sessionCookie("alice");
    String path = "plugins/tidings/api/preferences/repos/alice/demo";
    HttpResponse<String> foreign = delete(path, Map.of("Cookie", cookie, "Origin", "https://evil.example"));
    assertThat(foreign.statusCode()).isEqualTo(403);
    assertThat(foreign.body()).contains("\"message\"").contains("\"forbidden\"");
    assertThat(delete(path, Map.of("Cookie", cookie, "Sec-Fetch-Site", "cross-site")).statusCode()).isEqualTo(403);
    // The host's own pages, and header credentials from anywhere, go through to the route.
    assertThat(delete(path, Map.of("Cookie", cookie, "Origin", host.origin())).statusCode()).isLessThan(300);
    assertThat(delete(path, Map.of("Authorization", aliceToken(), "Origin", "https://evil.example")).statusCode())
        .isLessThan(300);
    // Basic is ambient like the cookie (browsers cache it after a challenge): refused from a foreign page.
    assertThat(delete(path, Map.of("Authorization", TidingsHost.ALICE, "Origin", "https://evil.example")).statusCode())
        .isEqualTo(403);
    assertThat(delete(path, Map.of("Authorization", TidingsHost.ALICE, "Sec-Fetch-Site", "cross-site")).statusCode())
        .isEqualTo(403);
  }

  private static String aliceTokenValue;

  /** A full-scope token of alice's, made once. */
  private static synchronized String aliceToken() throws Exception {
    if (aliceTokenValue == null) {
      HttpResponse<String> r = api("POST", "api/v1/users/alice/tokens", "{\"name\":\"live-delivery\",\"scopes\":[\"all\"]}");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
      aliceTokenValue = "token " + new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body()).get("sha1").asText();
    }
    return aliceTokenValue;
  }

  private static HttpResponse<String> delete(String path, Map<String, String> headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(host.http(path)).timeout(Duration.ofSeconds(10)).DELETE();
    headers.forEach(b::header);
    return TestJson.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static int handshakeStatus(Map<String, String> headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(host.http("plugins/tidings/ws")).timeout(Duration.ofSeconds(10))
        .header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==").header("Sec-WebSocket-Version", "13");
    headers.forEach(b::header);
    // The JDK HTTP client will not send Upgrade/Connection: send the handshake over a plain socket instead.
    StringBuilder req = new StringBuilder("GET /plugins/tidings/ws HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n");
    headers.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
    req.append("\r\n");
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", host.server.port())) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(req.toString().getBytes(StandardCharsets.US_ASCII));
      String status = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
      return Integer.parseInt(status.split(" ")[1]);
    }
  }

  static HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(host.http(path)).timeout(Duration.ofSeconds(70)).GET();
    headers.forEach(b::header);
    return TestJson.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode poll(String query, String authorization) throws Exception {
    HttpResponse<String> r = get("plugins/tidings/poll?" + query, auth(authorization));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return TestJson.MAPPER.readTree(r.body());
  }

  // ---- recovery -----------------------------------------------------------------------------------

  @Test
  void resumeWithSinceGetsExactlyTheMissedEventsInOrder() throws Exception {
    String channel = "repo:alice/demo/issues";
    JsonNode subscribed;
    try (WsClient c = WsClient.connect(host.ws())) {
      subscribed = c.subscribe(channel);
    }
    for (int i = 1; i <= 3; i++) {
      host.publish(channel, "alice/demo", "{\"missed\":" + i + "}");
    }
    String epoch = subscribed.path("epoch").asText();
    long offset = subscribed.path("offset").asLong();
    try (WsClient c = WsClient.connect(host.ws())) {
      c.send("{\"type\":\"subscribe\",\"channel\":\"" + channel + "\",\"since\":{\"epoch\":\"" + epoch + "\",\"offset\":" + offset + "}}");
      JsonNode again = c.nextOfType("subscribed", 10);
      assertThat(again.path("recovered").asBoolean()).isTrue();
      List<Long> offsets = new ArrayList<>();
      for (int i = 1; i <= 3; i++) {
        JsonNode e = c.nextOfType("event", 10);
        offsets.add(e.path("offset").asLong());
        assertThat(e.path("data").path("missed").asInt()).isEqualTo(i);
      }
      assertThat(offsets).containsExactly(offset + 1, offset + 2, offset + 3);
      assertThat(c.drain(300)).noneMatch(n -> n.path("type").asText().equals("event"));

      c.send("{\"type\":\"subscribe\",\"channel\":\"" + channel + "\",\"since\":{\"epoch\":\"wrong\",\"offset\":1}}");
      JsonNode lost = c.nextOfType("subscribed", 10);
      assertThat(lost.path("recovered").asBoolean()).isFalse();
      assertThat(lost.path("offset").asLong()).isEqualTo(offset + 3);
      c.send("{\"type\":\"subscribe\",\"channel\":\"" + channel + "\",\"since\":{\"epoch\":\"" + epoch + "\",\"offset\":" + (offset + 1000) + "}}");
      assertThat(c.nextOfType("subscribed", 10).path("recovered").asBoolean()).isFalse();
      assertThat(c.drain(300)).noneMatch(n -> n.path("type").asText().equals("event"));
    }
  }

  @Test
  void sseResumesEveryChannelFromLastEventId() throws Exception {
    String q = "plugins/tidings/events?channel=repo:alice/demo/prs&channel=org:acme";
    String lastId;
    try (SseClient sse = SseClient.open(host.http(q), auth(TidingsHost.BOB))) {
      assertThat(sse.status()).isEqualTo(200);
      sse.nextOfType("subscribed", 10);
      sse.nextOfType("subscribed", 10);
      host.publish("repo:alice/demo/prs", "alice/demo", "{\"n\":1}");
      Received m = sse.nextOfType("event", 10);
      lastId = m.sseId();
      assertThat(lastId).isNotBlank();
      assertThat(sse.retry()).isEqualTo("2000");
    }
    host.publish("repo:alice/demo/prs", "alice/demo", "{\"n\":2}");
    host.publish("org:acme", "alice/demo", "{\"n\":3}");
    try (SseClient sse = SseClient.open(host.http(q), Map.of("Last-Event-ID", lastId, "Authorization", TidingsHost.BOB))) {
      // Each channel's subscribed answer is followed by its own replay.
      List<Boolean> recovered = new ArrayList<>();
      List<Integer> got = new ArrayList<>();
      while (recovered.size() < 2 || got.size() < 2) {
        JsonNode m = sse.next(10).json();
        if (m.path("type").asText().equals("subscribed")) {
          recovered.add(m.path("recovered").asBoolean());
        } else if (m.path("type").asText().equals("event")) {
          got.add(m.path("data").path("n").asInt());
        }
      }
      assertThat(recovered).containsOnly(true);
      assertThat(got).containsExactlyInAnyOrder(2, 3);
      Await.isTrue("an SSE keep-alive comment", Duration.ofSeconds(10), () -> sse.comments().contains("keep-alive"));
      assertThat(sse.comments()).contains(": keep-alive");
    }
  }

  @Test
  void longPollAnswersAtOnceWhenEventsWaitAndHoldsOtherwise() throws Exception {
    String channel = "repo:alice/demo";
    JsonNode first = poll("channel=" + channel + "&timeout=0", null);
    String cursor = first.path("cursor").asText();
    assertThat(first.path("events").size()).isZero();

    host.publish(channel, "alice/demo", "{\"waiting\":true}");
    JsonNode waiting = poll("channel=" + channel + "&cursor=" + cursor + "&timeout=30", null);
    assertThat(waiting.path("events").size()).isEqualTo(1);
    assertThat(waiting.path("channels").path(channel).path("recovered").asBoolean()).isTrue();
    String next = waiting.path("cursor").asText();

    // Nothing waits: the poll holds until an event is published meanwhile.
    var held = TestJson.HTTP.sendAsync(HttpRequest.newBuilder(host.http("plugins/tidings/poll?channel=" + channel
        + "&cursor=" + URLEncoder.encode(next, StandardCharsets.UTF_8) + "&timeout=30")).GET().build(), HttpResponse.BodyHandlers.ofString());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (host.plugin().getInstance(dev.tidings.plugin.hub.Connections.class).snapshot().stream()
        .noneMatch(c -> c.transport().equals("poll")) && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(held).isNotDone();
    host.publish(channel, "alice/demo", "{\"live\":true}");
    JsonNode live = TestJson.MAPPER.readTree(held.get(20, TimeUnit.SECONDS).body());
    assertThat(live.path("events").toString()).contains("live").doesNotContain("waiting");

    JsonNode timedOut = poll("channel=" + channel + "&cursor=" + live.path("cursor").asText() + "&timeout=1", null);
    assertThat(timedOut.path("events").size()).isZero();
    assertThat(timedOut.path("cursor").asText()).isEqualTo(live.path("cursor").asText());
    assertThat(get("plugins/tidings/poll?channel=repo:acme/secret&timeout=0", Map.of()).statusCode()).isEqualTo(403);
    assertThat(get("plugins/tidings/poll?channel=bad&timeout=0", Map.of()).statusCode()).isEqualTo(400);
    assertThat(get("plugins/tidings/poll?channel=repo:alice/demo&timeout=999", Map.of()).statusCode()).isEqualTo(400);
  }
}
