package dev.tidings.plugin.notify;

import static dev.tidings.plugin.notify.NotifyFixture.issue;
import static dev.tidings.plugin.notify.NotifyFixture.pull;
import static dev.tidings.plugin.notify.NotifyFixture.push;
import static dev.tidings.plugin.notify.NotifyFixture.pushData;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.samplehost.api.Authenticator;
import dev.samplehost.api.AuthMethod;
import dev.samplehost.api.Identity;
import dev.samplehost.api.InvalidCredentialsException;
import dev.samplehost.api.RepoRef;
import dev.samplehost.api.UserRef;
import dev.samplehost.api.PluginContext;
import dev.tidings.plugin.access.CookieWriteGuard;
import dev.tidings.plugin.access.OriginPolicy;
import dev.tidings.plugin.config.TidingsConfig;
import dev.tidings.plugin.config.HubSettings;
import dev.tidings.plugin.notify.api.Http;
import dev.tidings.plugin.notify.api.NotificationsApi;
import dev.tidings.plugin.notify.api.PreferencesApi;
import dev.tidings.plugin.notify.api.SubscriptionApi;
import dev.tidings.plugin.web.RouteChain;
import dev.tidings.testing.support.HostTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The REST calls over real HTTP (Jetty on 127.0.0.1, port 0), with the real store and log behind
 * them: Gitea's paths, parameters, status codes and JSON. The host's sign-in is a stand-in that
 * reads {@code Authorization: token <login>}; the real host runs them in NotifyHostTest.
 */
@HostTest
class NotificationApiTest {

  @TempDir Path dir;
  NotifyFixture f;
  Server server;
  String base;
  HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  UserRef alice;
  UserRef bob;
  UserRef carol;
  RepoRef demo;
  RepoRef secret;

  @BeforeEach
  void setUp() throws Exception {
    f = new NotifyFixture(dir);
    alice = f.host.user("alice", true);
    bob = f.host.user("bob", false);
    carol = f.host.user("carol", false);
    demo = f.host.repo("alice", "demo", false);
    secret = f.host.repo("acme", "secret", true, "alice");
    Authenticator auth = request -> {
      String h = request.getHeaders().get("Authorization");
      if (h == null) {
        return Identity.anonymous();
      }
      String login = h.replaceFirst("(?i)^(token|bearer) ", "");
      UserRef u = f.host.users.get(login);
      if (u == null) {
        throw new InvalidCredentialsException("user does not exist [uid: 0, name: ]");
      }
      return new Identity(Optional.of(u), AuthMethod.TOKEN);
    };
    Http http = new Http(auth, f.mapper);
    NotificationsApi notifications = new NotificationsApi(http, f.threads, f.json, f.host, f.host, f.publisher);
    SubscriptionApi subscriptions = new SubscriptionApi(http, f.prefs, f.json, f.host, f.host);
    PreferencesApi preferences = new PreferencesApi(http, f.prefs, f.host, f.host);
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    // Behind the plugin's real route chains, which write every refusal.
    CookieWriteGuard guard = new CookieWriteGuard(new OriginPolicy(
        new PluginContext("tidings", dir, NotifyFixture.BASE), HubSettings.from(new TidingsConfig(new Properties()))));
    ContextHandler plugin = new ContextHandler(RouteChain.plugin(List.of(preferences), guard), "/plugins/tidings");
    ContextHandler api = new ContextHandler(RouteChain.api(List.of(notifications, subscriptions), NotifyFixture.BASE),
        "/api/v1");
    server.setHandler(new ContextHandlerCollection(plugin, api));
    server.start();
    base = "http://127.0.0.1:" + connector.getLocalPort();
  }

  @AfterEach
  void tearDown() throws Exception {
    server.stop();
    f.close();
  }

  private HttpResponse<String> call(String method, String path, String login, String body, String... headers)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (login != null) {
      b.header("Authorization", "token " + login);
    }
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode json(HttpResponse<String> r) throws Exception {
    return f.mapper.readTree(r.body());
  }

  private void threadsForBob(int issues) throws Exception {
    f.prefs.setWatch(bob.id(), "bob", demo.id(), "alice", "demo", dev.tidings.plugin.notify.prefs.WatchLevel.WATCHING,
        Set.of()).get();
    for (int i = 1; i <= issues; i++) {
      f.host.participants(demo, i, "alice", List.of(), List.of(), List.of(), false);
      f.router.route(f.event("issue.opened", demo, alice, issue(demo, i, "Issue " + i, "open"), null, null));
    }
  }

  @Test
  void anonymousAndBadCredentialsAre401() throws Exception {
    HttpResponse<String> r = call("GET", "/api/v1/notifications", null, null);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(json(r).get("message").asText()).isEqualTo("token is required");
    assertThat(json(r).get("url").asText()).isEqualTo(NotifyFixture.BASE + "api/swagger");
    assertThat(call("GET", "/api/v1/notifications/new", "nobody", null).statusCode()).isEqualTo(401);
  }

  @Test
  void giteaRoutesAnswerTheOneErrorShapePlusGiteasUrl() throws Exception {
    String url = NotifyFixture.BASE + "api/swagger";
    HttpResponse<String> anonymous = call("GET", "/api/v1/notifications", null, null);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(json(anonymous)).isEqualTo(f.mapper.readTree(
        "{\"message\":\"token is required\",\"code\":\"unauthenticated\",\"url\":\"" + url + "\"}"));
    HttpResponse<String> post = call("POST", "/api/v1/notifications", "bob", "");
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).hasValue("GET, PUT");
    assertThat(json(post)).isEqualTo(f.mapper.readTree(
        "{\"message\":\"method not allowed\",\"code\":\"method_not_allowed\",\"url\":\"" + url + "\"}"));
    HttpResponse<String> since = call("GET", "/api/v1/notifications?since=yesterday", "bob", null);
    assertThat(since.statusCode()).isEqualTo(422);
    assertThat(fieldNames(json(since))).containsExactly("message", "code", "url");
    assertThat(json(since).get("code").asText()).isEqualTo("invalid");
    HttpResponse<String> mark = call("PUT", "/api/v1/notifications?last_read_at=soon", "bob", null);
    assertThat(mark.statusCode()).isEqualTo(400);
    assertThat(json(mark).get("code").asText()).isEqualTo("bad_request");
    HttpResponse<String> missing = call("GET", "/api/v1/repos/alice/nope/subscription", "bob", null);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(json(missing)).isEqualTo(f.mapper.readTree(
        "{\"message\":\"not found\",\"code\":\"not_found\",\"url\":\"" + url + "\"}"));
  }

  @Test
  void preferencesAnswerThePluginsErrorShapeWithTheField() throws Exception {
    HttpResponse<String> anonymous = call("GET", "/plugins/tidings/api/preferences", null, null);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(json(anonymous)).isEqualTo(f.mapper.readTree("{\"message\":\"token is required\",\"code\":\"unauthenticated\"}"));
    HttpResponse<String> bad = call("PUT", "/plugins/tidings/api/preferences", "bob", "{\"default_level\":\"loud\"}");
    assertThat(bad.statusCode()).isEqualTo(422);
    assertThat(fieldNames(json(bad))).containsExactly("message", "code", "field");
    assertThat(json(bad).get("code").asText()).isEqualTo("invalid");
    assertThat(json(bad).get("field").asText()).isEqualTo("default_level");
    HttpResponse<String> delete = call("DELETE", "/plugins/tidings/api/preferences", "bob", null);
    assertThat(delete.statusCode()).isEqualTo(405);
    assertThat(delete.headers().firstValue("Allow")).hasValue("GET, PUT");
    assertThat(json(delete)).isEqualTo(f.mapper.readTree(
        "{\"message\":\"method not allowed\",\"code\":\"method_not_allowed\"}"));
    HttpResponse<String> big = call("PUT", "/plugins/tidings/api/preferences", "bob",
        "{\"own_actions\":true" + " ".repeat(70_000) + "}");
    assertThat(big.statusCode()).isEqualTo(413);
    assertThat(json(big).get("code").asText()).isEqualTo("too_large");
    assertThat(json(call("GET", "/plugins/tidings/api/preferences/nothing", "bob", null)).get("code").asText())
        .isEqualTo("not_found");
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void listCountsPagesAndFiltersLikeGitea() throws Exception {
    threadsForBob(3);
    f.router.route(f.event("push", demo, alice, push(demo, "main"), null, pushData("a1", "x")));
    assertThat(json(call("GET", "/api/v1/notifications/new", "bob", null)).get("new").asLong()).isEqualTo(4);

    HttpResponse<String> page1 = call("GET", "/api/v1/notifications?limit=3", "bob", null);
    assertThat(page1.statusCode()).isEqualTo(200);
    assertThat(page1.headers().firstValue("X-Total-Count")).contains("4");
    assertThat(page1.headers().firstValue("X-Poll-Interval")).contains("60");
    assertThat(page1.headers().firstValue("Link")).isEmpty();
    JsonNode list = json(page1);
    assertThat(list).hasSize(3);
    JsonNode first = list.get(0);
    assertThat(first.get("subject").get("type").asText()).isEqualTo("Repository");
    assertThat(first.get("reason").asText()).isEqualTo("subscribed");
    assertThat(first.get("unread").asBoolean()).isTrue();
    assertThat(first.get("pinned").asBoolean()).isFalse();
    assertThat(first.get("url").asText()).isEqualTo(NotifyFixture.BASE + "api/v1/notifications/threads/" + first.get("id"));
    assertThat(first.get("updated_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    JsonNode repo = first.get("repository");
    assertThat(repo.get("full_name").asText()).isEqualTo("alice/demo");
    assertThat(repo.get("owner").get("login").asText()).isEqualTo("alice");
    assertThat(repo.has("permissions")).isFalse();
    assertThat(repo.get("html_url").asText()).isEqualTo(NotifyFixture.BASE + "alice/demo");
    assertThat(json(call("GET", "/api/v1/notifications?limit=3&page=2", "bob", null))).hasSize(1);
    assertThat(json(call("GET", "/api/v1/notifications?limit=3&page=9", "bob", null))).isEmpty();

    HttpResponse<String> issues = call("GET", "/api/v1/notifications?subject-type=issue&subject-type=bogus", "bob", null);
    assertThat(json(issues)).hasSize(3).allSatisfy(t -> assertThat(t.get("subject").get("type").asText()).isEqualTo("Issue"));
    assertThat(json(call("GET", "/api/v1/notifications?subject-type=bogus", "bob", null))).hasSize(4);
    assertThat(json(call("GET", "/api/v1/notifications?status-types=read", "bob", null))).isEmpty();
    assertThat(call("GET", "/api/v1/notifications?since=yesterday", "bob", null).statusCode()).isEqualTo(422);
    assertThat(call("GET", "/api/v1/notifications?before=2020-13-01", "bob", null).statusCode()).isEqualTo(422);
    // Alice has none of bob's threads.
    assertThat(json(call("GET", "/api/v1/notifications/new", "alice", null)).get("new").asLong()).isZero();
  }

  @Test
  void ifModifiedSinceAnswers304UntilSomethingChanges() throws Exception {
    threadsForBob(1);
    // Back-date the thread so that the next change falls in a later second (Last-Modified has whole seconds).
    f.db.write(c -> c.createStatement().executeUpdate("UPDATE notify_thread SET updated_at = updated_at - 2000")).get();
    HttpResponse<String> r = call("GET", "/api/v1/notifications", "bob", null);
    String lastModified = r.headers().firstValue("Last-Modified").orElseThrow();
    HttpResponse<String> same = call("GET", "/api/v1/notifications", "bob", null, "If-Modified-Since", lastModified);
    assertThat(same.statusCode()).isEqualTo(304);
    assertThat(same.headers().firstValue("X-Poll-Interval")).contains("60");
    f.router.route(f.event("issue.comment", demo, alice, issue(demo, 1, "Issue 1", "open"), null, null));
    assertThat(call("GET", "/api/v1/notifications", "bob", null, "If-Modified-Since", lastModified).statusCode())
        .isEqualTo(200);
  }

  @Test
  void markAllReadAnswers205WithTheChangedThreadsAndPublishesTheCount() throws Exception {
    threadsForBob(2);
    assertThat(call("PUT", "/api/v1/notifications?last_read_at=not-a-time", "bob", null).statusCode()).isEqualTo(400);
    HttpResponse<String> r = call("PUT", "/api/v1/notifications", "bob", null);
    assertThat(r.statusCode()).isEqualTo(205);
    JsonNode changed = json(r);
    assertThat(changed).hasSize(2).allSatisfy(t -> assertThat(t.get("unread").asBoolean()).isFalse());
    assertThat(json(call("GET", "/api/v1/notifications/new", "bob", null)).get("new").asLong()).isZero();
    List<JsonNode> read = f.userEvents("bob", "notification.read", 1);
    assertThat(read).hasSize(1);
    assertThat(read.get(0).get("unread_count").asLong()).isZero();
    assertThat(read.get(0).get("ids")).hasSize(2);

    // Gitea's own test: status-types=read&to-status=unread returns the formerly read threads, unread again.
    HttpResponse<String> back = call("PUT", "/api/v1/notifications?status-types=read&to-status=unread", "bob", null);
    assertThat(back.statusCode()).isEqualTo(205);
    assertThat(json(back)).hasSize(2).allSatisfy(t -> assertThat(t.get("unread").asBoolean()).isTrue());
    assertThat(f.userEvents("bob", "notification.updated", 1).get(0).get("unread_count").asLong()).isEqualTo(2);
    // Nothing matches: 205 with an empty list.
    HttpResponse<String> none = call("PUT", "/api/v1/notifications?status-types=pinned", "bob", null);
    assertThat(none.statusCode()).isEqualTo(205);
    assertThat(json(none)).isEmpty();
  }

  @Test
  void oneThreadGetAndPatchWithOwnershipRules() throws Exception {
    threadsForBob(1);
    long id = json(call("GET", "/api/v1/notifications", "bob", null)).get(0).get("id").asLong();
    assertThat(call("GET", "/api/v1/notifications/threads/" + id, "bob", null).statusCode()).isEqualTo(200);
    assertThat(call("GET", "/api/v1/notifications/threads/" + id, "carol", null).statusCode()).isEqualTo(403);
    assertThat(call("GET", "/api/v1/notifications/threads/" + id, "alice", null).statusCode()).isEqualTo(200); // admin
    assertThat(call("PATCH", "/api/v1/notifications/threads/" + id, "carol", null).statusCode()).isEqualTo(403);
    assertThat(call("GET", "/api/v1/notifications/threads/999999", "bob", null).statusCode()).isEqualTo(404);
    assertThat(call("GET", "/api/v1/notifications/threads/abc", "bob", null).statusCode()).isEqualTo(404);

    HttpResponse<String> pinned = call("PATCH", "/api/v1/notifications/threads/" + id + "?to-status=pinned", "bob", null);
    assertThat(pinned.statusCode()).isEqualTo(205);
    assertThat(json(pinned).get("pinned").asBoolean()).isTrue();
    assertThat(json(call("GET", "/api/v1/notifications/new", "bob", null)).get("new").asLong()).isZero();
    // Pinned is in the default list.
    assertThat(json(call("GET", "/api/v1/notifications", "bob", null))).hasSize(1);
    HttpResponse<String> read = call("PATCH", "/api/v1/notifications/threads/" + id + "?to-status=bogus", "bob", null);
    assertThat(json(read).get("unread").asBoolean()).isFalse();
    assertThat(json(read).get("pinned").asBoolean()).isFalse();
    assertThat(json(call("GET", "/api/v1/notifications", "bob", null))).isEmpty();
    assertThat(json(call("GET", "/api/v1/notifications?all=true", "bob", null))).hasSize(1);
  }

  @Test
  void repositoryListsAndMarksAreScopedAndHideInvisibleRepositories() throws Exception {
    threadsForBob(2);
    RepoRef other = f.host.repo("carol", "other", false);
    f.prefs.setWatch(bob.id(), "bob", other.id(), "carol", "other", dev.tidings.plugin.notify.prefs.WatchLevel.WATCHING,
        Set.of()).get();
    f.router.route(f.event("push", other, carol, push(other, "main"), null, pushData("o1", "x")));
    HttpResponse<String> r = call("GET", "/api/v1/repos/carol/other/notifications", "bob", null);
    assertThat(r.headers().firstValue("X-Total-Count")).contains("1");
    assertThat(call("GET", "/api/v1/repos/acme/secret/notifications", "bob", null).statusCode()).isEqualTo(404);
    assertThat(call("GET", "/api/v1/repos/nobody/nothing/notifications", "bob", null).statusCode()).isEqualTo(404);
    HttpResponse<String> marked = call("PUT", "/api/v1/repos/alice/demo/notifications", "bob", null);
    assertThat(marked.statusCode()).isEqualTo(205);
    assertThat(json(marked)).hasSize(2);
    assertThat(json(call("GET", "/api/v1/notifications/new", "bob", null)).get("new").asLong()).isEqualTo(1);
  }

  @Test
  void subscriptionsWatchAndUnwatch() throws Exception {
    assertThat(call("GET", "/api/v1/repos/alice/demo/subscription", "bob", null).statusCode()).isEqualTo(404);
    HttpResponse<String> put = call("PUT", "/api/v1/repos/alice/demo/subscription", "bob", "{\"ignored\":true}");
    assertThat(put.statusCode()).isEqualTo(200);
    JsonNode info = json(put);
    assertThat(info.get("subscribed").asBoolean()).isTrue();
    assertThat(info.get("ignored").asBoolean()).isFalse();
    assertThat(info.get("reason").isNull()).isTrue();
    assertThat(info.get("url").asText()).isEqualTo(NotifyFixture.BASE + "api/v1/repos/alice/demo/subscription");
    assertThat(info.get("repository_url").asText()).isEqualTo(NotifyFixture.BASE + "api/v1/repos/alice/demo");
    assertThat(call("GET", "/api/v1/repos/alice/demo/subscription", "bob", null).statusCode()).isEqualTo(200);
    HttpResponse<String> mine = call("GET", "/api/v1/user/subscriptions", "bob", null);
    assertThat(mine.headers().firstValue("X-Total-Count")).contains("1");
    assertThat(json(mine).get(0).get("full_name").asText()).isEqualTo("alice/demo");
    assertThat(json(mine).get(0).get("permissions").get("pull").asBoolean()).isTrue();
    assertThat(json(mine).get(0).get("permissions").get("push").asBoolean()).isFalse();

    // Watching means pushes arrive with reason subscribed.
    f.router.route(f.event("push", demo, alice, push(demo, "main"), null, pushData("w1", "x")));
    assertThat(json(call("GET", "/api/v1/notifications", "bob", null)).get(0).get("reason").asText())
        .isEqualTo("subscribed");

    assertThat(call("DELETE", "/api/v1/repos/alice/demo/subscription", "bob", null).statusCode()).isEqualTo(204);
    assertThat(call("DELETE", "/api/v1/repos/alice/demo/subscription", "bob", null).statusCode()).isEqualTo(204);
    assertThat(call("GET", "/api/v1/repos/alice/demo/subscription", "bob", null).statusCode()).isEqualTo(404);
    assertThat(call("PUT", "/api/v1/repos/acme/secret/subscription", "bob", null).statusCode()).isEqualTo(404);
    assertThat(json(call("GET", "/api/v1/user/subscriptions", "bob", null))).isEmpty();
  }

  @Test
  void preferencesValidateEveryFieldAndChangeNothingWhenRejected() throws Exception {
    HttpResponse<String> get = call("GET", "/plugins/tidings/api/preferences", "bob", null);
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(json(get).get("default_level").asText()).isEqualTo("participating");
    assertThat(json(get).get("own_actions").asBoolean()).isFalse();
    assertThat(json(get).get("kinds").get("mentions").get("desktop").asBoolean()).isTrue();

    HttpResponse<String> bad = call("PUT", "/plugins/tidings/api/preferences", "bob",
        "{\"own_actions\":true,\"kinds\":{\"pushes\":{\"desktop\":\"yes\"}}}");
    assertThat(bad.statusCode()).isEqualTo(422);
    assertThat(json(bad).get("field").asText()).isEqualTo("kinds.pushes.desktop");
    assertThat(json(call("GET", "/plugins/tidings/api/preferences", "bob", null)).get("own_actions").asBoolean()).isFalse();
    assertThat(json(call("PUT", "/plugins/tidings/api/preferences", "bob", "{\"default_level\":\"loud\"}"))
        .get("field").asText()).isEqualTo("default_level");
    assertThat(json(call("PUT", "/plugins/tidings/api/preferences", "bob", "{\"default_level\":\"custom\"}"))
        .get("field").asText()).isEqualTo("custom_kinds");
    assertThat(json(call("PUT", "/plugins/tidings/api/preferences", "bob", "{\"colour\":1}"))
        .get("field").asText()).isEqualTo("colour");
    assertThat(call("PUT", "/plugins/tidings/api/preferences", "bob", "[1]").statusCode()).isEqualTo(422);
    assertThat(call("PUT", "/plugins/tidings/api/preferences", "bob", "{oops").statusCode()).isEqualTo(422);

    HttpResponse<String> ok = call("PUT", "/plugins/tidings/api/preferences", "bob",
        "{\"default_level\":\"custom\",\"custom_kinds\":[\"pushes\"],\"kinds\":{\"pushes\":{\"desktop\":true}}}");
    assertThat(ok.statusCode()).isEqualTo(200);
    JsonNode saved = json(call("GET", "/plugins/tidings/api/preferences", "bob", null));
    assertThat(saved.get("default_level").asText()).isEqualTo("custom");
    assertThat(saved.get("kinds").get("pushes").get("desktop").asBoolean()).isTrue();
    assertThat(saved.get("kinds").get("pushes").get("in_app").asBoolean()).isTrue();
    assertThat(call("GET", "/plugins/tidings/api/preferences", null, null).statusCode()).isEqualTo(401);
  }

  @Test
  void perRepositoryLevels() throws Exception {
    JsonNode inherited = json(call("GET", "/plugins/tidings/api/preferences/repos/alice/demo", "bob", null));
    assertThat(inherited.get("inherited").asBoolean()).isTrue();
    assertThat(inherited.get("level").asText()).isEqualTo("participating");
    HttpResponse<String> bad = call("PUT", "/plugins/tidings/api/preferences/repos/alice/demo", "bob",
        "{\"level\":\"custom\",\"kinds\":[\"mentions\"]}");
    assertThat(bad.statusCode()).isEqualTo(422);
    assertThat(json(bad).get("field").asText()).isEqualTo("kinds");
    assertThat(json(call("GET", "/plugins/tidings/api/preferences/repos/alice/demo", "bob", null))
        .get("inherited").asBoolean()).isTrue();
    HttpResponse<String> ok = call("PUT", "/plugins/tidings/api/preferences/repos/alice/demo", "bob",
        "{\"level\":\"custom\",\"kinds\":[\"prs\",\"pushes\"]}");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(json(ok).get("kinds")).hasSize(2);
    // custom with pushes: the push reaches bob.
    f.router.route(f.event("push", demo, alice, push(demo, "main"), null, pushData("c1", "x")));
    assertThat(f.threads.unreadCount(bob.id())).isEqualTo(1);
    f.router.route(f.event("pr.opened", demo, alice, pull(demo, 3, "x", "open"), null, null));
    assertThat(f.threads.unreadCount(bob.id())).isEqualTo(2);
    assertThat(call("DELETE", "/plugins/tidings/api/preferences/repos/alice/demo", "bob", null).statusCode())
        .isEqualTo(204);
    assertThat(call("GET", "/plugins/tidings/api/preferences/repos/acme/secret", "bob", null).statusCode())
        .isEqualTo(404);
  }
}
