package dev.samplehost.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samplehost.server.domain.Issue;
import dev.samplehost.server.domain.PullRequest;
import dev.samplehost.server.domain.Repository;
import dev.samplehost.server.domain.User;
import dev.samplehost.server.git.GitStore;
import dev.samplehost.server.service.CommentService;
import dev.samplehost.server.service.IssueService;
import dev.samplehost.server.service.PullService;
import dev.samplehost.server.service.RepoService;
import dev.samplehost.server.service.UserService;
import dev.samplehost.server.testing.Http;
import dev.tidings.testing.support.BasicAuth;
import dev.tidings.testing.support.HostTest;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server-rendered pages: escaping, sign-in with CSRF, data attributes, access, and the merge button. */
@HostTest
class WebPagesTest {
  @TempDir
  static Path tmp;
  static HostServer host;
  static Repository demo;
  static User alice;

  @BeforeAll
  static void start() throws Exception {
    host = HostServer.builder().port(0).dataDir(tmp.resolve("data")).demo(true).build();
    host.start();
    demo = host.injector().getInstance(RepoService.class).get("alice", "demo");
    alice = host.injector().getInstance(UserService.class).get("alice");
  }

  @AfterAll
  static void stop() {
    if (host != null) {
      host.stop();
    }
  }

  /** Signs in through the form and returns the session cookie header value and the page's CSRF token. */
  static String[] signIn(String user, String password) {
    HttpResponse<String> form = Http.get(host.baseUrl() + "user/login");
    assertThat(form.statusCode()).isEqualTo(200);
    String loginCookie = cookie(form, "samplehost_login_csrf");
    String token = find(form.body(), "name=\"_csrf\" value=\"([0-9a-f]+)\"");
    HttpResponse<String> post = Http.postForm(host.baseUrl() + "user/login",
        "_csrf=" + token + "&user_name=" + user + "&password=" + enc(password) + "&redirect_to=/",
        "Cookie", "samplehost_login_csrf=" + loginCookie);
    assertThat(post.statusCode()).isEqualTo(303);
    String session = "samplehost_session=" + cookie(post, "samplehost_session");
    assertThat(post.headers().allValues("Set-Cookie")).anySatisfy(c ->
        assertThat(c).startsWith("samplehost_session=").containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax"));
    String csrf = find(Http.get(host.baseUrl() + "user/settings", "Cookie", session).body(), "data-host-csrf=\"([0-9a-f]+)\"");
    return new String[] {session, csrf};
  }

  @Test
  void commitMessagesAreEscaped() throws Exception {
    String evil = "<img src=x onerror=alert(1)>";
    String sha = PullMergeTestSupport.commit(host.injector().getInstance(GitStore.class), demo, "main", "main",
        "evil.txt", "x\n", evil + "\n");
    for (String page : List.of("alice/demo/commits", "alice/demo/commits/main", "alice/demo")) {
      String html = Http.get(host.baseUrl() + page).body();
      assertThat(html).contains("&lt;img src=x onerror=alert(1)&gt;").doesNotContain(evil);
      assertThat(html).contains("data-host-commits").contains("data-sha=\"" + sha + "\"");
    }
  }

  @Test
  void anonymousSeesPublicReposOnlyAndPrivatePagesAre404() {
    String home = Http.get(host.baseUrl()).body();
    assertThat(home).contains("alice/demo").doesNotContain("acme/secret").doesNotContain("data-host-user");
    assertThat(Http.get(host.baseUrl() + "acme/secret").statusCode()).isEqualTo(404);
    String[] bob = signIn("bob", "tidings-bob");
    assertThat(Http.get(host.baseUrl() + "acme/secret", "Cookie", bob[0]).statusCode()).isEqualTo(404);
    String[] aliceSession = signIn("alice", "tidings-alice");
    HttpResponse<String> secret = Http.get(host.baseUrl() + "acme/secret", "Cookie", aliceSession[0]);
    assertThat(secret.statusCode()).isEqualTo(200);
    assertThat(secret.body()).contains("data-host-user=\"alice\"").contains("data-host-repo=\"acme/secret\"")
        .contains("data-host-page=\"repo-home\"").contains("git clone " + host.baseUrl() + "acme/secret.git");
  }

  @Test
  void wrongPasswordShowsTheFormAgain() {
    HttpResponse<String> form = Http.get(host.baseUrl() + "user/login");
    String token = find(form.body(), "name=\"_csrf\" value=\"([0-9a-f]+)\"");
    HttpResponse<String> post = Http.postForm(host.baseUrl() + "user/login",
        "_csrf=" + token + "&user_name=alice&password=nope",
        "Cookie", "samplehost_login_csrf=" + cookie(form, "samplehost_login_csrf"));
    assertThat(post.statusCode()).isEqualTo(401);
    assertThat(post.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("samplehost_session="));
  }

  @Test
  void commentFormNeedsTheCsrfTokenAndShowsInTheTimeline() {
    Issue issue = host.injector().getInstance(IssueService.class).create(alice, demo, "Web <b>issue</b>", "Body", List.of());
    String[] s = signIn("alice", "tidings-alice");
    String url = host.baseUrl() + "alice/demo/issues/" + issue.number() + "/comments";
    assertThat(Http.postForm(url, "body=forged", "Cookie", s[0]).statusCode()).isEqualTo(403);
    HttpResponse<String> ok = Http.postForm(url, "_csrf=" + s[1] + "&body=" + enc("Hello <script>x</script>"), "Cookie", s[0]);
    assertThat(ok.statusCode()).isEqualTo(303);
    String page = Http.get(host.baseUrl() + "alice/demo/issues/" + issue.number(), "Cookie", s[0]).body();
    assertThat(page).contains("data-host-issue=\"" + issue.number() + "\"").contains("data-host-timeline")
        .contains("data-comment-id=").contains("Hello &lt;script&gt;x&lt;/script&gt;").contains("Web &lt;b&gt;issue&lt;/b&gt;")
        .contains("data-host-state=\"open\"").doesNotContain("<script>x</script>");
    assertThat(host.injector().getInstance(CommentService.class).comments(demo, issue.number()))
        .extracting(c -> c.body()).containsExactly("Hello <script>x</script>");
  }

  @Test
  void writersGetAMergeButtonThatMerges() throws Exception {
    PullMergeTestSupport.commit(host.injector().getInstance(GitStore.class), demo, "web-merge", "main", "w.txt", "w\n", "Web merge");
    PullRequest pr = host.injector().getInstance(PullService.class)
        .create(alice, demo, "web-merge", "main", "Merge me", "", List.of(), List.of());
    String[] bob = signIn("bob", "tidings-bob");
    String asBob = Http.get(host.baseUrl() + "alice/demo/pulls/" + pr.number(), "Cookie", bob[0]).body();
    assertThat(asBob).contains("data-host-pull=\"" + pr.number() + "\"").doesNotContain("Merge pull request</button>");
    assertThat(Http.postForm(host.baseUrl() + "alice/demo/pulls/" + pr.number() + "/merge", "_csrf=" + bob[1], "Cookie", bob[0])
        .statusCode()).isEqualTo(403);
    String[] s = signIn("alice", "tidings-alice");
    String asAlice = Http.get(host.baseUrl() + "alice/demo/pulls/" + pr.number(), "Cookie", s[0]).body();
    assertThat(asAlice).contains("Merge pull request</button>");
    HttpResponse<String> merge = Http.postForm(host.baseUrl() + "alice/demo/pulls/" + pr.number() + "/merge",
        "_csrf=" + s[1] + "&style=merge", "Cookie", s[0]);
    assertThat(merge.statusCode()).isEqualTo(303);
    assertThat(Http.get(host.baseUrl() + "alice/demo/pulls/" + pr.number(), "Cookie", s[0]).body())
        .contains("data-host-state=\"merged\"");
  }

  @Test
  void pluginPagesAndContributionsUseTheHostLayout() throws Exception {
    var contributions = host.injector().getInstance(dev.samplehost.api.web.PageContributions.class);
    try (var head = contributions.add(dev.samplehost.api.web.PageSlot.HEAD, "<script type=\"module\" src=\"/plugins/x/a.js\"></script>");
        var header = contributions.add(dev.samplehost.api.web.PageSlot.HEADER, "<span id=\"bell\"></span>")) {
      String[] s = signIn("alice", "tidings-alice");
      host.injector().getInstance(dev.samplehost.api.web.WebMounts.class).mountPlugin("pages", ctx ->
          new org.eclipse.jetty.server.Handler.Abstract() {
            @Override
            public boolean handle(org.eclipse.jetty.server.Request request, org.eclipse.jetty.server.Response response,
                org.eclipse.jetty.util.Callback callback) {
              String html = host.injector().getInstance(dev.samplehost.api.web.HostPages.class)
                  .render(request, "plugin-page", "Plugin <page>", "<p id=\"plugin-main\">hi</p>");
              org.eclipse.jetty.io.Content.Sink.write(response, true, html, callback);
              return true;
            }
          });
      String page = Http.get(host.baseUrl() + "plugins/pages", "Cookie", s[0]).body();
      assertThat(page).contains("<title>Plugin &lt;page&gt;").contains("data-host-page=\"plugin-page\"")
          .contains("data-host-user=\"alice\"").contains("<p id=\"plugin-main\">hi</p>")
          .contains("/plugins/x/a.js").contains("<span id=\"bell\"></span>");
      String settings = Http.get(host.baseUrl() + "user/settings", "Cookie", s[0]).body();
      assertThat(settings).contains("/plugins/x/a.js").contains("<span id=\"bell\"></span>").contains("data-host-page=\"settings\"");
    }
    assertThat(Http.get(host.baseUrl()).body()).doesNotContain("/plugins/x/a.js");
  }

  @Test
  void listsAndIssuePagesCarryTheMarkersLiveUpdatesNeed() {
    Issue issue = host.injector().getInstance(IssueService.class).create(alice, demo, "Markers", "", List.of());
    String[] s = signIn("alice", "tidings-alice");
    String list = Http.get(host.baseUrl() + "alice/demo/issues", "Cookie", s[0]).body();
    assertThat(list).contains("data-host-count=\"open\"").contains("data-host-count=\"closed\"")
        .contains("data-host-list=\"issues\" data-state=\"open\" data-page=\"1\"")
        .contains("<li data-number=\"" + issue.number() + "\" data-state=\"open\"><a class=\"title\"")
        .contains("data-host-comments=\"0\"");
    String open = find(list, "data-host-count=\"open\">(\\d+)<");
    assertThat(Long.parseLong(open)).isEqualTo(list.split("<li data-number=").length - 1);
    String page = Http.get(host.baseUrl() + "alice/demo/issues/" + issue.number(), "Cookie", s[0]).body();
    assertThat(page).contains("<span class=\"title\" data-host-title>Markers</span>")
        .contains("data-host-body hidden>").contains("data-host-assignees=\"\"").contains("data-host-state-form");
  }

  @Test
  void theHomeSlotIsOnlyOnASignedInHomePage() throws Exception {
    var contributions = host.injector().getInstance(dev.samplehost.api.web.PageContributions.class);
    try (var home = contributions.add(dev.samplehost.api.web.PageSlot.HOME, "<div id=\"dashboard\"></div>")) {
      assertThat(Http.get(host.baseUrl()).body()).doesNotContain("data-host-slot=\"home\"").doesNotContain("id=\"dashboard\"");
      String[] s = signIn("bob", "tidings-bob");
      assertThat(Http.get(host.baseUrl(), "Cookie", s[0]).body())
          .contains("<section class=\"plugin-slot\" data-host-slot=\"home\"><div id=\"dashboard\"></div>");
    }
  }

  @Test
  void signOutEndsTheSession() {
    String[] s = signIn("bob", "tidings-bob");
    assertThat(Http.postForm(host.baseUrl() + "user/logout", "_csrf=" + s[1], "Cookie", s[0]).statusCode()).isEqualTo(303);
    assertThat(Http.get(host.baseUrl() + "user/settings", "Cookie", s[0]).statusCode()).isEqualTo(303);
  }

  @Test
  void giteaStylePageUrlsFromEventsWork() throws Exception {
    String sha = PullMergeTestSupport.commit(host.injector().getInstance(GitStore.class), demo, "main", "main",
        "gitea-urls.txt", "g\n", "Gitea-style links\n");
    for (String page : List.of("alice/demo/commits/branch/main", "alice/demo/src/branch/main",
        "alice/demo/commit/" + sha, "alice/demo/commit/" + sha.substring(0, 10))) {
      HttpResponse<String> r = Http.get(host.baseUrl() + page);
      assertThat(r.statusCode()).as(page).isEqualTo(200);
      assertThat(r.body()).as(page).contains("data-sha=\"" + sha + "\"");
    }
    for (String page : List.of("alice/demo/commit/not-a-sha", "alice/demo/commit/" + "0".repeat(40),
        "alice/demo/src/tag/none", "alice/demo/src/elsewhere/main")) {
      assertThat(Http.get(host.baseUrl() + page).statusCode()).as(page).isEqualTo(404);
    }
  }

  @Test
  void cookieAuthenticatedApiWritesNeedTheCsrfHeader() {
    String[] s = signIn("alice", "tidings-alice");
    String url = host.baseUrl() + "api/v1/repos/alice/demo/issues";
    assertThat(Http.get(url, "Cookie", s[0]).statusCode()).isEqualTo(200);
    String body = "{\"title\":\"From the browser\"}";
    HttpResponse<String> forged = Http.postJson(url, body, "Cookie", s[0]);
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(forged.body()).contains("\"message\"").contains("CSRF");
    assertThat(Http.postJson(url, body, "Cookie", s[0], "X-Csrf-Token", "not-" + s[1]).statusCode()).isEqualTo(403);
    assertThat(Http.postJson(url, body, "Cookie", s[0], "X-Csrf-Token", s[1]).statusCode()).isEqualTo(201);
    // Header credentials are not ambient, so they need no CSRF token.
    assertThat(Http.postJson(url, body, "Authorization", BasicAuth.basic("alice", "tidings-alice")).statusCode()).isEqualTo(201);
  }

  @Test
  void aWriteRefusedWhileItsBodyIsStillArrivingSaysTheConnectionCloses() throws Exception {
    String[] s = signIn("alice", "tidings-alice");
    // Headers and the first bytes of a 1,000-byte body; the rest never comes. The CSRF refusal
    // must say "Connection: close": Jetty closes the connection after it, and a client that reused
    // it for its next request would see a reset (a flaky "header parser received no bytes").
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", java.net.URI.create(host.baseUrl()).getPort())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(("POST /api/v1/repos/alice/demo/issues HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Cookie: " + s[0] + "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"title\":")
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      String head = readHead(socket.getInputStream());
      assertThat(head).startsWith("HTTP/1.1 403").containsIgnoringCase("Connection: close");
    }
  }

  private static String readHead(java.io.InputStream in) throws java.io.IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.append((char) b);
    }
    return head.toString();
  }

  @Test
  void cookieWritesToPluginApiRoutesNeedTheCsrfHeaderToo() throws Exception {
    try (var route = host.injector().getInstance(dev.samplehost.api.web.WebMounts.class).addApiRoutes(
        new org.eclipse.jetty.server.Handler.Abstract() {
          @Override
          public boolean handle(org.eclipse.jetty.server.Request request, org.eclipse.jetty.server.Response response,
              org.eclipse.jetty.util.Callback callback) {
            if (!request.getHttpURI().getPath().equals("/api/v1/csrf-probe")) {
              return false;
            }
            response.setStatus(204);
            callback.succeeded();
            return true;
          }
        })) {
      String[] s = signIn("bob", "tidings-bob");
      String url = host.baseUrl() + "api/v1/csrf-probe";
      assertThat(Http.postJson(url, "{}", "Cookie", s[0]).statusCode()).isEqualTo(403);
      assertThat(Http.postJson(url, "{}", "Cookie", s[0], "X-Csrf-Token", s[1]).statusCode()).isEqualTo(204);
      assertThat(Http.get(url, "Cookie", s[0]).statusCode()).isEqualTo(204);
      assertThat(Http.postJson(url, "{}").statusCode()).isEqualTo(204);
    }
  }

  @Test
  void signInNeverRedirectsOffSite() {
    for (String target : List.of("//evil.example/", "/\tevil", "/%09/evil.example", "https://evil.example/")) {
      HttpResponse<String> form = Http.get(host.baseUrl() + "user/login");
      String token = find(form.body(), "name=\"_csrf\" value=\"([0-9a-f]+)\"");
      HttpResponse<String> post = Http.postForm(host.baseUrl() + "user/login",
          "_csrf=" + token + "&user_name=bob&password=tidings-bob&redirect_to=" + (target.contains("%") ? target : enc(target)),
          "Cookie", "samplehost_login_csrf=" + cookie(form, "samplehost_login_csrf"));
      assertThat(post.statusCode()).isEqualTo(303);
      assertThat(post.headers().firstValue("Location").orElseThrow()).as(target).isIn("/", host.baseUrl());
    }
  }

  static String cookie(HttpResponse<?> r, String name) {
    for (String c : r.headers().allValues("Set-Cookie")) {
      if (c.startsWith(name + "=")) {
        return c.substring(name.length() + 1, c.indexOf(';') < 0 ? c.length() : c.indexOf(';'));
      }
    }
    throw new AssertionError("no cookie " + name + " in " + r.headers().allValues("Set-Cookie"));
  }

  static String find(String html, String regex) {
    Matcher m = Pattern.compile(regex).matcher(html);
    if (!m.find()) {
      throw new AssertionError("no match for " + regex);
    }
    return m.group(1);
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
