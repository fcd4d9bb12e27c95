package dev.tidings.plugin.notify;

import static dev.tidings.testing.support.BasicAuth.basic;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.samplehost.server.HostServer;
import dev.tidings.plugin.TidingsPlugin;
import dev.tidings.testing.git.GitCli;
import dev.tidings.testing.support.Await;
import dev.tidings.testing.support.HostTest;
import dev.tidings.testing.support.Requirements;
import dev.tidings.testing.support.WsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The issue's "done when" on the real host with the plugin in-process: bob watches alice/demo,
 * alice pushes with the git CLI, bob's count, list (reason subscribed) and open WebSocket on
 * user:bob see it; alice mentions bob in a PR comment and bob gets a mention thread; marking read
 * over REST reaches bob's second WebSocket with the new count.
 */
@HostTest
class NotifyHostTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  static final String ALICE = basic("alice", "tidings-alice");
  static final String BOB = basic("bob", "tidings-bob");

  @TempDir static Path dir;
  static HostServer host;

  @BeforeAll
  static void start() throws Exception {
    host = HostServer.builder().bind("127.0.0.1").port(0).dataDir(dir.resolve("data"))
        .plugin(new TidingsPlugin(new Properties())).demo(true).build();
    host.start();
  }

  @AfterAll
  static void stop() {
    if (host != null) {
      host.stop();
    }
  }

  static HttpResponse<String> call(String method, String path, String auth, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(host.baseUrl() + path.replaceFirst("^/", "")))
        .timeout(Duration.ofSeconds(20))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (auth != null) {
      b.header("Authorization", auth);
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode until(String path, String auth, Predicate<JsonNode> done) throws Exception {
    JsonNode[] last = {null};
    try {
      return Await.until("condition on " + path, Duration.ofSeconds(30), Duration.ofMillis(50), () -> {
        try {
          HttpResponse<String> r = call("GET", path, auth, null);
          if (r.statusCode() == 200) {
            last[0] = JSON.readTree(r.body());
            if (done.test(last[0])) {
              return Optional.of(last[0]);
            }
          }
          return Optional.empty();
        } catch (Exception e) {
          throw new AssertionError("GET " + path + " failed: " + e, e);
        }
      });
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; last: " + last[0], e);
    }
  }

  /** A token of bob's with exactly these scopes, as an Authorization header. */
  static String tokenWith(String name, String... scopes) throws Exception {
    String body = JSON.writeValueAsString(java.util.Map.of("name", name, "scopes", java.util.List.of(scopes)));
    HttpResponse<String> r = call("POST", "/api/v1/users/bob/tokens", BOB, body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return "token " + JSON.readTree(r.body()).get("sha1").asText();
  }

  @Test
  void notificationRoutesApplyTheTokensScopesAsGiteaDoes() throws Exception {
    String repoOnly = tokenWith("repo-only", "read:repository");
    String readOnly = tokenWith("notifications-read", "read:notification");
    String writer = tokenWith("notifications-write", "write:notification");

    HttpResponse<String> refused = call("GET", "/api/v1/notifications", repoOnly, null);
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("read:notification");
    assertThat(call("GET", "/api/v1/repos/alice/demo/notifications", repoOnly, null).statusCode()).isEqualTo(403);
    // The same token in the URL is refused too (tokens in the URL are off on the host by default).
    assertThat(call("GET", "/api/v1/notifications?token=" + repoOnly.substring(6), null, null).statusCode())
        .isEqualTo(401);

    assertThat(call("GET", "/api/v1/notifications", readOnly, null).statusCode()).isEqualTo(200);
    assertThat(call("GET", "/api/v1/notifications/new", readOnly, null).statusCode()).isEqualTo(200);
    HttpResponse<String> readOnlyWrite = call("PUT", "/api/v1/notifications", readOnly, null);
    assertThat(readOnlyWrite.statusCode()).isEqualTo(403);
    assertThat(readOnlyWrite.body()).contains("write:notification");
    assertThat(call("PUT", "/api/v1/notifications", writer, null).statusCode()).isEqualTo(205);
    // Subscriptions are repository routes in Gitea: the repository scope, not the notification one.
    assertThat(call("GET", "/api/v1/repos/alice/demo/subscription", repoOnly, null).statusCode()).isIn(200, 404);
    assertThat(call("GET", "/api/v1/repos/alice/demo/subscription", readOnly, null).statusCode()).isEqualTo(403);
  }

  @Test
  void watchPushMentionAndMarkReadEndToEnd() throws Exception {
    Requirements.git();
    assertThat(call("GET", "/api/v1/notifications", null, null).statusCode()).isEqualTo(401);
    HttpResponse<String> watch = call("PUT", "/api/v1/repos/alice/demo/subscription", BOB, null);
    assertThat(watch.statusCode()).as(watch.body()).isEqualTo(200);
    assertThat(JSON.readTree(watch.body()).get("subscribed").asBoolean()).isTrue();

    try (WsClient tab1 = ws(BOB); WsClient tab2 = ws(BOB)) {
      assertThat(tab1.subscribe("user:bob").path("type").asText()).isEqualTo("subscribed");
      assertThat(tab2.subscribe("user:bob").path("type").asText()).isEqualTo("subscribed");

      // alice pushes with the real git CLI.
      Path home = dir.resolve("git-home");
      Path work = dir.resolve("work");
      String url = host.baseUrl().replace("http://", "http://alice:tidings-alice@") + "alice/demo.git";
      git(home, dir, "clone", url, work.toString());
      Files.writeString(work.resolve("notify.txt"), "hello");
      git(home, work, "add", ".");
      git(home, work, "commit", "-m", "Notify bob");
      git(home, work, "push", "origin", "main");

      until("/api/v1/notifications/new", BOB, n -> n.get("new").asLong() >= 1);
      JsonNode list = JSON.readTree(call("GET", "/api/v1/notifications", BOB, null).body());
      JsonNode pushThread = list.get(0);
      assertThat(pushThread.get("reason").asText()).isEqualTo("subscribed");
      assertThat(pushThread.get("subject").get("type").asText()).isEqualTo("Repository");
      assertThat(pushThread.get("subject").get("title").asText()).isEqualTo("Pushes to main");
      assertThat(pushThread.get("repository").get("full_name").asText()).isEqualTo("alice/demo");
      JsonNode live = tab1.nextMatching(e -> "notification".equals(e.path("event").asText()), 20);
      assertThat(live.path("channel").asText()).isEqualTo("user:bob");
      assertThat(live.path("data").path("thread").path("id").asLong()).isEqualTo(pushThread.get("id").asLong());
      assertThat(live.path("data").path("unread_count").asLong()).isEqualTo(1);

      // alice opens a PR from a new branch and mentions bob in a comment.
      git(home, work, "checkout", "-b", "feature");
      Files.writeString(work.resolve("feature.txt"), "feature");
      git(home, work, "add", ".");
      git(home, work, "commit", "-m", "Feature work");
      git(home, work, "push", "origin", "feature");
      HttpResponse<String> pr = call("POST", "/api/v1/repos/alice/demo/pulls", ALICE,
          "{\"head\":\"feature\",\"base\":\"main\",\"title\":\"Feature for bob\"}");
      assertThat(pr.statusCode()).as(pr.body()).isEqualTo(201);
      long number = JSON.readTree(pr.body()).get("number").asLong();
      HttpResponse<String> comment = call("POST", "/api/v1/repos/alice/demo/issues/" + number + "/comments", ALICE,
          "{\"body\":\"@bob could you have a look?\"}");
      assertThat(comment.statusCode()).as(comment.body()).isEqualTo(201);
      JsonNode pulls = until("/api/v1/notifications?subject-type=pull", BOB,
          n -> n.size() == 1 && "mention".equals(n.get(0).get("reason").asText()));
      JsonNode mention = pulls.get(0);
      assertThat(mention.get("subject").get("title").asText()).isEqualTo("Feature for bob");
      assertThat(mention.get("subject").get("url").asText()).endsWith("api/v1/repos/alice/demo/issues/" + number);
      assertThat(mention.get("subject").get("latest_comment_url").asText()).contains("/issues/comments/");
      // A later state of the thread: unread count is what the server says now.
      long unread = JSON.readTree(call("GET", "/api/v1/notifications/new", BOB, null).body()).get("new").asLong();
      assertThat(unread).isGreaterThanOrEqualTo(2);

      // Marking everything read in one session reaches the other tab with the new count.
      HttpResponse<String> marked = call("PUT", "/api/v1/notifications", BOB, null);
      assertThat(marked.statusCode()).isEqualTo(205);
      assertThat(JSON.readTree(marked.body()).size()).isGreaterThanOrEqualTo(2);
      JsonNode read = tab2.nextMatching(e -> "notification.read".equals(e.path("event").asText()), 20);
      assertThat(read.path("data").path("unread_count").asLong()).isZero();
      assertThat(JSON.readTree(call("GET", "/api/v1/notifications/new", BOB, null).body()).get("new").asLong()).isZero();
    }
  }

  @Test
  void aliceCannotSeeBobsThreadsAndPreferencesNeedSignIn() throws Exception {
    assertThat(call("GET", "/plugins/tidings/api/preferences", null, null).statusCode()).isEqualTo(401);
    HttpResponse<String> prefs = call("GET", "/plugins/tidings/api/preferences", BOB, null);
    assertThat(prefs.statusCode()).as(prefs.body()).isEqualTo(200);
    HttpResponse<String> bad = call("PUT", "/plugins/tidings/api/preferences", BOB, "{\"default_level\":\"loud\"}");
    assertThat(bad.statusCode()).isEqualTo(422);
    assertThat(JSON.readTree(bad.body()).get("field").asText()).isEqualTo("default_level");
    // bob cannot read the private acme/secret: 404 on its notifications and subscription.
    assertThat(call("GET", "/api/v1/repos/acme/secret/notifications", BOB, null).statusCode()).isEqualTo(404);
    assertThat(call("PUT", "/api/v1/repos/acme/secret/subscription", BOB, null).statusCode()).isEqualTo(404);
    assertThat(call("GET", "/api/v1/notifications/threads/999999", BOB, null).statusCode()).isEqualTo(404);
  }

  private WsClient ws(String auth) throws Exception {
    return WsClient.connect(URI.create(host.baseUrl().replace("http://", "ws://") + "plugins/tidings/ws"),
        Map.of("Authorization", auth));
  }

  static void git(Path home, Path cwd, String... args) {
    new GitCli(cwd).withHome(home).withIdentity("Alice", "alice@example.com")
        .withTimeout(java.time.Duration.ofSeconds(60)).check(args);
  }
}
