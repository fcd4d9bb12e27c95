package dev.tidings.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidings.testing.git.GitCli;
import dev.tidings.testing.support.SseClient;
import dev.tidings.testing.support.WsClient;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Security review H3 (T-H3): a token counts only as far as its Gitea scopes reach, on every door
 * of the host and the drop-in plugin, not just {@code /api/v1}. alice (who may read and write the
 * private {@code acme/secret}) makes narrow tokens; each is used the way a leaked token would be:
 * WebSocket, SSE and long-poll subscribes, publish, preferences, metrics, git clone and push with
 * the real {@code git} CLI, web pages, and {@code /api/v1} with {@code public-only}. The clients
 * send the token as the Basic password, as git does (a {@code token} header works the same way).
 */
class TokenScopeTest {
  private static final String SECRET = "acme/secret";

  @TempDir
  static Path temp;
  private static E2eHost host;
  /** Notifications only: what a desktop notifier gets. */
  private static String notifOnly;
  /** Read repositories, nothing else. */
  private static String repoRead;
  /** Public repositories only, read. */
  private static String publicOnly;
  /** Everything. */
  private static String all;

  @BeforeAll
  static void start() throws Exception {
    host = E2eHost.start(temp.resolve("host"));
    notifOnly = token("notif-only", "read:notification");
    repoRead = token("repo-read", "read:repository");
    publicOnly = token("pub-only", "public-only", "read:repository", "read:organization", "read:notification");
    all = token("everything", "all");
  }

  @AfterAll
  static void stop() {
    if (host != null) {
      host.close();
    }
  }

  private static String token(String name, String... scopes) {
    String body = Json.write(java.util.Map.of("name", name, "scopes", java.util.List.of(scopes)));
    Rest.Answer r = Rest.alice(host).post("api/v1/users/alice/tokens", body);
    assertThat(r.status()).as("%s", r).isEqualTo(201);
    return r.json().path("sha1").asText();
  }

  private static Rest as(String token) {
    return new Rest(host, "alice", token);
  }

  // ---- live events ----------------------------------------------------------------------------

  @Test
  void aNotificationTokenCannotStreamRepositoryOrOrganisationEvents() throws Exception {
    try (WsClient ws = WsClient.connect(host.wsUri(), "alice", notifOnly)) {
      for (String channel : new String[] {"repo:" + SECRET, "repo:alice/demo", "org:acme"}) {
        JsonNode refused = ws.subscribe(channel);
        assertThat(refused.path("type").asText()).as("%s: %s", channel, refused).isEqualTo("error");
        assertThat(refused.path("code").asText()).as("%s", refused).isEqualTo("forbidden");
        assertThat(refused.path("message").asText()).as("%s", refused).contains("read:repository");
      }
      // What the token is for still works.
      ws.subscribeOk("user:alice");
    }
    try (SseClient sse = SseClient.open(host.sseUri(), "alice", notifOnly, null, "repo:" + SECRET, "org:acme")) {
      assertThat(sse.status()).isEqualTo(403);
      assertThat(sse.errorBody()).contains("read:repository");
    }
    Rest.Answer poll = as(notifOnly).get("plugins/tidings/poll?timeout=0&channel=" + enc("repo:" + SECRET));
    assertThat(poll.status()).as("%s", poll).isEqualTo(403);
    assertThat(poll.body()).contains("read:repository").contains("\"forbidden\"");
  }

  @Test
  void orgChannelsAlsoNeedReadOrganizationAndUserChannelsReadNotification() throws Exception {
    try (WsClient ws = WsClient.connect(host.wsUri(), "alice", repoRead)) {
      ws.subscribeOk("repo:" + SECRET);
      JsonNode org = ws.subscribe("org:acme");
      assertThat(org.path("code").asText()).as("%s", org).isEqualTo("forbidden");
      assertThat(org.path("message").asText()).contains("read:organization");
      JsonNode user = ws.subscribe("user:alice");
      assertThat(user.path("code").asText()).as("%s", user).isEqualTo("forbidden");
      assertThat(user.path("message").asText()).contains("read:notification");
    }
    try (WsClient ws = WsClient.connect(host.wsUri(), "alice", all)) {
      ws.subscribeOk("org:acme");
      ws.subscribeOk("user:alice");
    }
  }

  @Test
  void aPublicOnlyTokenStreamsPublicRepositoriesOnly() throws Exception {
    try (WsClient ws = WsClient.connect(host.wsUri(), "alice", publicOnly)) {
      ws.subscribeOk("repo:alice/demo");
      for (String channel : new String[] {"repo:" + SECRET, "org:acme", "user:alice"}) {
        JsonNode refused = ws.subscribe(channel);
        assertThat(refused.path("code").asText()).as("%s: %s", channel, refused).isEqualTo("forbidden");
      }
    }
    try (SseClient sse = SseClient.open(host.sseUri(), "alice", publicOnly, null, "repo:" + SECRET)) {
      assertThat(sse.status()).isEqualTo(403);
    }
    assertThat(as(publicOnly).get("plugins/tidings/poll?timeout=0&channel=" + enc("repo:alice/demo")).status())
        .isEqualTo(200);
  }

  // ---- plugin HTTP routes -----------------------------------------------------------------------

  @Test
  void publishNeedsWriteRepository() {
    String event = "{\"channel\":\"repo:" + SECRET + "\",\"event\":\"ci.status\",\"data\":{\"state\":\"success\"}}";
    for (String token : new String[] {notifOnly, repoRead}) {
      Rest.Answer refused = as(token).post("plugins/tidings/api/publish", event);
      assertThat(refused.status()).as("%s", refused).isEqualTo(403);
      assertThat(refused.body()).contains("write:repository");
    }
    Rest.Answer ok = as(all).post("plugins/tidings/api/publish", event);
    assertThat(ok.status()).as("%s", ok).isEqualTo(201);
  }

  @Test
  void preferencesNeedNotificationScopesAndMetricsReadAdmin() {
    Rest.Answer read = as(repoRead).get("plugins/tidings/api/preferences");
    assertThat(read.status()).as("%s", read).isEqualTo(403);
    assertThat(read.body()).contains("read:notification");
    assertThat(as(notifOnly).get("plugins/tidings/api/preferences").status()).isEqualTo(200);
    Rest.Answer write = as(notifOnly).send("DELETE", "plugins/tidings/api/preferences/repos/alice/demo", null);
    assertThat(write.status()).as("%s", write).isEqualTo(403);
    assertThat(write.body()).contains("write:notification");

    Rest.Answer metrics = as(repoRead).get("plugins/tidings/metrics");
    assertThat(metrics.status()).as("%s", metrics).isEqualTo(403);
    assertThat(metrics.body()).contains("read:admin");
    assertThat(as(all).get("plugins/tidings/metrics").status()).isEqualTo(200);
  }

  // ---- git smart HTTP, with the real git CLI ---------------------------------------------------

  @Test
  void gitCloneNeedsReadRepositoryAndPushWriteRepository() throws Exception {
    GitCli git = E2eHost.git(temp.resolve("git")).withTimeout(Duration.ofSeconds(60));

    GitCli.Result notifClone = git.run("clone", "-q", host.gitUrl("alice", notifOnly, SECRET),
        temp.resolve("git/by-notif").toString());
    assertThat(notifClone.ok()).as("clone with a read:notification token: %s", notifClone).isFalse();
    assertThat(notifClone.stderr()).contains("read:repository");

    GitCli.Result publicClone = git.run("clone", "-q", host.gitUrl("alice", publicOnly, SECRET),
        temp.resolve("git/by-public-only").toString());
    assertThat(publicClone.ok()).as("clone of a private repo with a public-only token: %s", publicClone).isFalse();

    // A read:repository token clones (the positive case), but cannot push.
    GitCli clone = git.in(temp.resolve("git/by-read")).cloneFrom(host.gitUrl("alice", repoRead, SECRET));
    clone.commit("pushed with a read-only token");
    GitCli.Result readPush = clone.run("push", "-q", "origin", "HEAD:main");
    assertThat(readPush.ok()).as("push with a read:repository token: %s", readPush).isFalse();
    assertThat(readPush.stderr()).contains("write:repository");
    GitCli.Result notifPush = clone.run("push", "-q", host.gitUrl("alice", notifOnly, SECRET), "HEAD:main");
    assertThat(notifPush.ok()).as("push with a read:notification token: %s", notifPush).isFalse();

    // An all token pushes.
    GitCli.Result allPush = clone.run("push", "-q", host.gitUrl("alice", all, SECRET), "HEAD:main");
    assertThat(allPush.ok()).as("push with an all token: %s", allPush).isTrue();
  }

  // ---- web pages and /api/v1 -------------------------------------------------------------------

  @Test
  void pagesShowPrivateRepositoriesOnlyToTokensThatMayReadThem() {
    assertThat(page(notifOnly, SECRET).status()).isEqualTo(404);
    assertThat(page(publicOnly, SECRET).status()).isEqualTo(404);
    assertThat(page(notifOnly, "alice/demo").status()).isEqualTo(200);
    assertThat(page(repoRead, SECRET).status()).isEqualTo(200);
  }

  @Test
  void publicOnlyIsEnforcedOnTheApi() {
    Rest.Answer secret = as(publicOnly).get("api/v1/repos/" + SECRET);
    assertThat(secret.status()).as("%s", secret).isEqualTo(404);
    assertThat(as(publicOnly).get("api/v1/repos/" + SECRET + "/branches").status()).isEqualTo(404);
    assertThat(as(publicOnly).get("api/v1/repos/alice/demo").status()).isEqualTo(200);
    // Lists drop private repositories.
    Rest.Answer listed = as(publicOnly).get("api/v1/orgs/acme/repos");
    assertThat(listed.status()).as("%s", listed).isEqualTo(200);
    assertThat(listed.body()).doesNotContain(SECRET);
    assertThat(as(all).get("api/v1/orgs/acme/repos").body()).contains(SECRET);
    // Without public-only the same scopes read it.
    assertThat(as(repoRead).get("api/v1/repos/" + SECRET).status()).isEqualTo(200);
    // Control: the host API already refused the notification-only token.
    assertThat(as(notifOnly).get("api/v1/repos/" + SECRET).status()).isEqualTo(403);
  }

  @Test
  void publicOnlyHidesWatchesOfPrivateRepositories() {
    Rest.Answer watch = as(all).put("api/v1/repos/" + SECRET + "/subscription", "{}");
    assertThat(watch.status()).as("%s", watch).isEqualTo(200);
    assertThat(as(all).get("api/v1/user/subscriptions").body()).contains(SECRET);
    String publicUser = token("pub-only-user", "public-only", "read:user", "read:repository");
    Rest.Answer listed = as(publicUser).get("api/v1/user/subscriptions");
    assertThat(listed.status()).as("%s", listed).isEqualTo(200);
    assertThat(listed.body()).doesNotContain(SECRET);
    assertThat(as(publicUser).get("api/v1/repos/" + SECRET + "/subscription").status()).isEqualTo(404);
  }

  private static Rest.Answer page(String token, String path) {
    return Rest.send(HttpRequest.newBuilder(host.uri(path)).header("Authorization", "token " + token)
        .timeout(Duration.ofSeconds(30)).GET().build());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
