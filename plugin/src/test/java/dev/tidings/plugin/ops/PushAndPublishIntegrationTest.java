package dev.tidings.plugin.ops;

import static dev.tidings.testing.support.BasicAuth.basic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.Injector;
import dev.samplehost.api.PluginContext;
import dev.samplehost.server.HostServer;
import dev.tidings.plugin.TidingsPlugin;
import dev.tidings.plugin.broker.Broker;
import dev.tidings.plugin.cluster.NodeId;
import dev.tidings.plugin.log.ChannelEvent;
import dev.tidings.plugin.log.ChannelPosition;
import dev.tidings.plugin.log.EventLog;
import dev.tidings.plugin.log.Replay;
import dev.tidings.plugin.store.SqliteDatabase;
import dev.tidings.testing.git.GitCli;
import dev.tidings.testing.support.HostTest;
import dev.tidings.testing.support.Requirements;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample host with the plugin in process: real {@code git push}es with the CLI over HTTP land
 * in the event log with the right commits, and the publish, metrics and health routes answer as
 * documented, bad inputs included (nothing stored for them).
 */
@HostTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PushAndPublishIntegrationTest {

  static final String ALICE = basic("alice", "tidings-alice");
  static final String BOB = basic("bob", "tidings-bob");
  static final String CHANNEL = "repo:alice/demo";

  @TempDir static Path tmp;
  static HostServer host;
  static EventLog log;
  static HttpClient http;
  static Path work;
  static final ObjectMapper mapper = new ObjectMapper();
  static final BlockingQueue<ChannelEvent> received = new LinkedBlockingQueue<>();
  static final Map<String, Long> receivedAt = new ConcurrentHashMap<>();

  @BeforeAll
  static void startHost() throws Exception {
    Properties props = new Properties();
    props.setProperty("metrics.token", "s3cret-metrics");
    host = HostServer.builder().bind("127.0.0.1").port(0).dataDir(tmp.resolve("data"))
        .plugin(new TidingsPlugin(props)).demo(true).build();
    host.start();
    Injector injector = host.pluginInjector("tidings").orElseThrow();
    log = injector.getInstance(EventLog.class);
    // Every committed event reaches the broker: the test waits on what it receives.
    injector.getInstance(Broker.class).onEvent(e -> {
      receivedAt.putIfAbsent(e.eventId(), System.nanoTime());
      received.add(e);
    });
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  @AfterAll
  static void stopHost() {
    if (host != null) {
      host.stop();
    }
  }

  @Test
  @Order(10)
  void aGitPushOverHttpIsLoggedWithItsCommitsNewestFirst() throws Exception {
    Requirements.git();
    work = tmp.resolve("clone");
    git(tmp, "clone", host.baseUrl() + "alice/demo.git", work.toString());
    git(work, "config", "user.name", "Alice Liddell");
    git(work, "config", "user.email", "alice@example.com");
    long before = log.position(CHANNEL).offset();
    List<String> shas = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      Files.writeString(work.resolve("file" + i + ".txt"), "content " + i + "\n");
      git(work, "add", ".");
      git(work, "commit", "-q", "-m", "change " + i + (i == 2 ? " for @bob" : ""));
      shas.add(0, git(work, "rev-parse", "HEAD").trim());
    }
    long t0 = System.nanoTime();
    git(work, "push", "-q", "origin", "HEAD:refs/heads/main");
    long t1 = System.nanoTime();

    JsonNode push = awaitEvent(before, e -> e.get("event").asText().equals("push"));
    long t2 = receivedAt.get(push.get("id").asText());
    // A figure for the report, not an assertion: git push duration and push start to broker receipt.
    System.out.printf("git push took %.1f ms; push start to broker receipt %.1f ms (%.1f ms after git returned)%n",
        (t1 - t0) / 1e6, (t2 - t0) / 1e6, (t2 - t1) / 1e6);
    JsonNode data = push.get("data");
    assertThat(data.get("ref").asText()).isEqualTo("refs/heads/main");
    assertThat(data.get("forced").asBoolean()).isFalse();
    assertThat(data.get("total_commits").asLong()).isEqualTo(3);
    assertThat(data.get("truncated").asBoolean()).isFalse();
    assertThat(data.get("after").asText()).isEqualTo(shas.get(0));
    List<String> ids = new ArrayList<>();
    data.get("commits").forEach(c -> ids.add(c.get("id").asText()));
    assertThat(ids).containsExactlyElementsOf(shas);
    assertThat(data.get("commits").get(1).get("mentions").get(0).asText()).isEqualTo("bob");
    assertThat(data.get("commits").get(0).get("url").asText())
        .isEqualTo(host.baseUrl() + "alice/demo/commit/" + shas.get(0));
    assertThat(data.get("pusher").get("login").asText()).isEqualTo("alice");
  }

  @Test
  @Order(20)
  void branchCreationAndAForcePushAreReported() throws Exception {
    assumeTrue(work != null, "needs the clone of the first test");
    long before = log.position(CHANNEL).offset();
    git(work, "push", "-q", "origin", "HEAD:refs/heads/feature");
    JsonNode created = awaitEvent(before, e -> e.get("event").asText().equals("branch.created"));
    assertThat(created.get("data").get("branch").asText()).isEqualTo("feature");

    before = log.position(CHANNEL).offset();
    git(work, "reset", "-q", "--hard", "HEAD~1");
    Files.writeString(work.resolve("other.txt"), "rewritten\n");
    git(work, "add", ".");
    git(work, "commit", "-q", "-m", "rewritten history");
    git(work, "push", "-q", "--force", "origin", "HEAD:refs/heads/feature");
    JsonNode forced = awaitEvent(before, e -> e.get("event").asText().equals("push"));
    assertThat(forced.get("data").get("forced").asBoolean()).isTrue();
    assertThat(forced.get("data").get("total_commits").asLong()).isEqualTo(1);
  }

  @Test
  @Order(25)
  void issuesAndCommentsThroughTheHostRestApiBecomeEventsWithMentions() throws Exception {
    long before = log.position(CHANNEL).offset();
    long beforeIssues = log.position(CHANNEL + "/issues").offset();
    HttpResponse<String> created = api("POST", "repos/alice/demo/issues", ALICE,
        "{\"title\":\"Crash on start\",\"body\":\"Seen by @bob, not by mail@bob.org\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    long number = mapper.readTree(created.body()).get("number").asLong();
    JsonNode opened = awaitEvent(before, e -> e.get("event").asText().equals("issue.opened"));
    assertThat(opened.get("data").get("number").asLong()).isEqualTo(number);
    assertThat(opened.get("data").get("title").asText()).isEqualTo("Crash on start");
    assertThat(opened.get("data").get("state").asText()).isEqualTo("open");
    assertThat(opened.get("data").get("actor").get("login").asText()).isEqualTo("alice");
    // The same event went to the issues channel too.
    Replay issues = log.readAfter(CHANNEL + "/issues", log.position(CHANNEL + "/issues").epoch(), beforeIssues);
    assertThat(issues.events()).extracting(ChannelEvent::eventId).contains(opened.get("id").asText());

    long afterOpen = log.position(CHANNEL).offset();
    HttpResponse<String> comment = api("POST", "repos/alice/demo/issues/" + number + "/comments", BOB,
        "{\"body\":\"I can reproduce it, @alice\"}");
    assertThat(comment.statusCode()).as(comment.body()).isEqualTo(201);
    JsonNode commented = awaitEvent(afterOpen, e -> e.get("event").asText().equals("issue.comment"));
    assertThat(commented.get("data").get("comment").get("body_excerpt").asText())
        .isEqualTo("I can reproduce it, @alice");
    assertThat(commented.get("data").get("actor").get("login").asText()).isEqualTo("bob");
  }

  @Test
  @Order(30)
  void publishStoresACiEventAndAnswersWithItsPlace() throws Exception {
    long before = log.position(CHANNEL).offset();
    HttpResponse<String> r = publish(ALICE,
        "{\"channel\":\"repo:alice/demo\",\"event\":\"ci.status\",\"data\":{\"state\":\"success\",\"sha\":\"abc\"}}");
    assertThat(r.statusCode()).isEqualTo(201);
    JsonNode body = mapper.readTree(r.body());
    assertThat(body.get("channel").asText()).isEqualTo(CHANNEL);
    assertThat(body.get("offset").asLong()).isEqualTo(before + 1);
    ChannelPosition now = log.position(CHANNEL);
    assertThat(body.get("epoch").asText()).isEqualTo(now.epoch());
    Replay replay = log.readAfter(CHANNEL, now.epoch(), before);
    assertThat(replay.recovered()).isTrue();
    JsonNode env = mapper.readTree(replay.events().get(0).envelope());
    assertThat(env.get("event").asText()).isEqualTo("ci.status");
    assertThat(env.get("id").asText()).isEqualTo(body.get("id").asText());
    assertThat(env.get("data").get("state").asText()).isEqualTo("success");
  }

  @Test
  @Order(40)
  void badPublishRequestsGetTheDocumentedErrorsAndStoreNothing() throws Exception {
    long before = log.position(CHANNEL).offset();
    String good = "{\"channel\":\"repo:alice/demo\",\"event\":\"ci.status\",\"data\":{}}";
    expect(publish(null, good), 401, "unauthenticated");
    expect(publish(basic("alice", "wrong"), good), 401, "unauthenticated");
    expect(publish(ALICE, "{not json"), 400, "bad_json");
    expect(publish(ALICE, "[1,2]"), 400, "bad_json");
    expect(publish(ALICE, "{\"channel\":\"user:bob\",\"event\":\"ci.status\",\"data\":{}}"), 400, "bad_channel");
    expect(publish(ALICE, "{\"channel\":\"repo:../x\",\"event\":\"ci.status\",\"data\":{}}"), 400, "bad_channel");
    expect(publish(ALICE, "{\"channel\":\"repo:alice/demo\",\"event\":\"ci.BAD NAME\",\"data\":{}}"), 400, "bad_name");
    expect(publish(ALICE, "{\"channel\":\"repo:alice/demo\",\"event\":\"push\",\"data\":{}}"), 422, "reserved_name");
    expect(publish(ALICE, "{\"channel\":\"repo:alice/demo\",\"event\":\"pr.merged\",\"data\":{}}"), 422, "reserved_name");
    expect(publish(ALICE, "{\"channel\":\"repo:alice/demo\",\"event\":\"ci.status\",\"data\":[1]}"), 400, "bad_json");
    expect(publish(BOB, good), 403, "forbidden");
    expect(publish(BOB, "{\"channel\":\"repo:acme/secret\",\"event\":\"ci.status\",\"data\":{}}"), 404, "not_found");
    expect(publish(ALICE, "{\"channel\":\"repo:alice/nope\",\"event\":\"ci.status\",\"data\":{}}"), 404, "not_found");
    String big = "{\"channel\":\"repo:alice/demo\",\"event\":\"ci.log\",\"data\":{\"text\":\""
        + "x".repeat(17_000) + "\"}}";
    expect(publish(ALICE, big), 413, "too_large");
    String huge = "{\"channel\":\"repo:alice/demo\",\"event\":\"ci.log\",\"data\":{\"text\":\""
        + "x".repeat(200_000) + "\"}}";
    expect(publish(ALICE, huge), 413, "too_large");
    HttpResponse<String> get = http.send(HttpRequest.newBuilder(uri("api/publish"))
        .header("Authorization", ALICE).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(log.position(CHANNEL).offset()).isEqualTo(before);
  }

  @Test
  @Order(50)
  void metricsNeedAnAdminOrTheTokenAndShowTheLogMeters() throws Exception {
    assertThat(get("metrics", null).statusCode()).isEqualTo(401);
    assertThat(get("metrics", BOB).statusCode()).isEqualTo(403);
    HttpResponse<String> admin = get("metrics", ALICE);
    assertThat(admin.statusCode()).isEqualTo(200);
    assertThat(admin.headers().firstValue("content-type").orElse("")).startsWith("text/plain");
    assertThat(admin.body()).contains("tidings_events_committed_total", "tidings_log_commit_seconds",
        "tidings_publish_rejected_total{reason=\"bad_json\"}");
    HttpResponse<String> token = get("metrics", "Bearer s3cret-metrics");
    assertThat(token.statusCode()).isEqualTo(200);
    assertThat(token.body()).contains("tidings_events_committed_total");
  }

  @Test
  @Order(60)
  void healthSaysTheLogWriterIsUp() throws Exception {
    HttpResponse<String> r = get("health", null);
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode body = mapper.readTree(r.body());
    assertThat(body.get("status").asText()).isEqualTo("up");
    assertThat(body.get("checks").get("log-writer").asText()).isEqualTo("up");
    // A single node names itself too: the id generated at the first start and kept in its data folder.
    Path kept = host.pluginInjector("tidings").orElseThrow().getInstance(PluginContext.class).dataDirectory()
        .resolve(NodeId.FILE);
    assertThat(body.path("node").asText()).isEqualTo(Files.readString(kept).strip()).isNotBlank();
  }

  @Test
  @Order(70)
  void withTheWriterStoppedHealthIsDownAndPublishSays503() throws Exception {
    host.pluginInjector("tidings").orElseThrow().getInstance(SqliteDatabase.class).stop();
    HttpResponse<String> health = get("health", null);
    assertThat(health.statusCode()).isEqualTo(503);
    assertThat(mapper.readTree(health.body()).get("checks").get("log-writer").asText()).isEqualTo("down");
    expect(publish(ALICE, "{\"channel\":\"repo:alice/demo\",\"event\":\"ci.status\",\"data\":{}}"),
        503, "unavailable");
  }

  // --- helpers ---

  private static JsonNode awaitEvent(long after, Predicate<JsonNode> match) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    long left;
    while ((left = deadline - System.nanoTime()) > 0) {
      ChannelEvent ce = received.poll(left, TimeUnit.NANOSECONDS);
      if (ce != null && ce.channel().equals(CHANNEL) && ce.offset() > after) {
        JsonNode env = mapper.readTree(ce.envelope());
        if (match.test(env)) {
          // The broker got it after the commit: the log has it too, byte for byte.
          Replay r = log.readAfter(CHANNEL, ce.epoch(), ce.offset() - 1);
          assertThat(r.recovered()).isTrue();
          assertThat(r.events().get(0).envelope()).isEqualTo(ce.envelope());
          return env;
        }
      }
    }
    throw new AssertionError("no matching event on " + CHANNEL + " after offset " + after + " within 20 s");
  }

  private static void expect(HttpResponse<String> r, int status, String code) throws IOException {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    JsonNode body = mapper.readTree(r.body());
    assertThat(body.get("message").asText()).isNotBlank();
    assertThat(body.get("code").asText()).isEqualTo(code);
  }

  private static HttpResponse<String> publish(String auth, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri("api/publish"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (auth != null) {
      b.header("Authorization", auth);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String path, String auth) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
    if (auth != null) {
      b.header("Authorization", auth);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> api(String method, String path, String auth, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(host.baseUrl() + "api/v1/" + path))
        .header("Content-Type", "application/json").header("Authorization", auth)
        .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static URI uri(String path) {
    return URI.create(host.baseUrl() + "plugins/tidings/" + path);
  }

  /** Runs git with alice's credentials in a header (never in the URL), failing on a non-zero exit. */
  private static String git(Path dir, String... args) {
    return new GitCli(dir).withHome(tmp).withIdentity("Alice Liddell", "alice@example.com").withAuthorization(ALICE)
        .withTimeout(java.time.Duration.ofSeconds(60)).check(args);
  }
}
