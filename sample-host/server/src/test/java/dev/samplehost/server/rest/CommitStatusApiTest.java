package dev.samplehost.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.samplehost.api.events.CommitStatusEvent;
import dev.samplehost.api.events.HostEventListener;
import dev.samplehost.api.events.HostEvents;
import dev.samplehost.server.HostServer;
import dev.samplehost.server.git.GitStore;
import dev.tidings.testing.support.Await;
import dev.tidings.testing.git.GitCli;
import dev.tidings.testing.support.HostTest;
import dev.tidings.testing.support.Requirements;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Commit statuses over the real REST API: validation, permissions, Gitea's combined state, paging, events. */
@HostTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommitStatusApiTest {

  private HostServer host;
  private ApiClient alice;
  private ApiClient bob;
  private ApiClient anonymous;
  private String base;
  private final List<CommitStatusEvent> events = new CopyOnWriteArrayList<>();

  @BeforeAll
  void start(@TempDir Path temp) throws Exception {
    host = HostServer.builder().bind("127.0.0.1").port(0).dataDir(temp.resolve("data"))
        .pluginsDir(temp.resolve("plugins")).demo(true).build();
    host.start();
    base = host.baseUrl();
    alice = ApiClient.basic(base, "alice", "tidings-alice");
    bob = ApiClient.basic(base, "bob", "tidings-bob");
    anonymous = ApiClient.anonymous(base);
    host.injector().getInstance(HostEvents.class).addListener(new HostEventListener() {
      @Override
      public void onCommitStatus(CommitStatusEvent event) {
        events.add(event);
      }
    });
  }

  @AfterAll
  void stop() throws Exception {
    if (host != null) {
      host.close();
    }
  }

  private String newRepo(String name) {
    ApiClient.Answer created = alice.post("/user/repos", "{\"name\":\"" + name + "\",\"auto_init\":true}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return alice.get("/repos/alice/" + name + "/branches/main").json().get("commit").get("id").asText();
  }

  private static java.util.Optional<Boolean> when(boolean condition) {
    return condition ? java.util.Optional.of(true) : java.util.Optional.empty();
  }

  private String page(String path) throws Exception {
    java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + path)).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }

  private static void assertError(ApiClient.Answer answer, int status, String message) {
    assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
    assertThat(answer.json().get("message").asText()).isEqualTo(message);
    assertThat(answer.json().get("url").asText()).endsWith("api/swagger");
  }

  @Test
  void createListAndValidate() {
    String sha = newRepo("ci-validate");
    String path = "/repos/alice/ci-validate/statuses/" + sha;
    ApiClient.Answer created = alice.post(path, "{\"state\":\"success\",\"context\":\"ci/lint\","
        + "\"description\":\"Lint passed\",\"target_url\":\"https://ci.example.org/1\"}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    JsonNode s = created.json();
    assertThat(s.get("state").asText()).isEqualTo("success");
    assertThat(s.get("context").asText()).isEqualTo("ci/lint");
    assertThat(s.get("target_url").asText()).isEqualTo("https://ci.example.org/1");
    assertThat(s.get("creator").get("login").asText()).isEqualTo("alice");
    assertThat(s.get("url").asText()).isEqualTo(base + "api/v1/repos/alice/ci-validate/statuses/" + sha);
    assertThat(s.get("progress").isNull()).isTrue();
    assertThat(s.get("created_at").asText()).endsWith("Z");

    // An abbreviated id names the same commit; no context is "default".
    assertThat(alice.post("/repos/alice/ci-validate/statuses/" + sha.substring(0, 10), "{\"state\":\"warning\"}")
        .json().get("context").asText()).isEqualTo("default");

    assertError(alice.post(path, "{}"), 422, "[State]: Required");
    assertError(alice.post(path, "{\"state\":\"done\"}"), 422, "[State]: In(pending,success,error,failure,warning)");
    assertError(alice.post(path, "{\"state\":\"pending\",\"progress\":101}"), 422, "[Progress]: Range(0,100)");
    assertError(alice.post(path, "{\"state\":\"pending\",\"progress\":-1}"), 422, "[Progress]: Range(0,100)");
    assertError(alice.post(path, "{\"state\":\"pending\",\"progress\":12.5}"), 422, "[Progress]: Range(0,100)");
    assertError(alice.post(path, "{\"state\":\"pending\",\"progress\":\"50\"}"), 422, "[Progress]: Range(0,100)");
    assertError(alice.post(path, "{\"state\":\"pending\",\"context\":\"" + "c".repeat(256) + "\"}"), 422,
        "[Context]: MaxSize(255)");
    assertError(alice.post(path, "{\"state\":\"pending\",\"description\":\"" + "d".repeat(1025) + "\"}"), 422,
        "[Description]: MaxSize(1024)");
    assertError(alice.post(path, "{\"state\":\"pending\",\"target_url\":\"https://x/" + "u".repeat(2048) + "\"}"), 422,
        "[TargetURL]: MaxSize(2048)");
    assertError(alice.post(path, "{\"state\":\"pending\",\"target_url\":\"javascript:alert(1)\"}"), 422, "[TargetURL]: Url");
    // Only absolute http(s) URLs: the Checks section links target_url, and a script URL there would run on a click.
    for (String url : List.of("JavaScript:alert(1)", " javascript:alert(1)", "data:text/html,x", "vbscript:x",
        "//ci.example.org/1", "https:alert(1)", "ftp://ci.example.org/1", "/relative/1")) {
      assertError(alice.post(path, "{\"state\":\"pending\",\"target_url\":\"" + url + "\"}"), 422, "[TargetURL]: Url");
    }
    assertError(alice.post("/repos/alice/ci-validate/statuses/" + "0".repeat(40), "{\"state\":\"pending\"}"), 422,
        "No commit found for SHA: " + "0".repeat(40));
    assertError(alice.post("/repos/alice/ci-validate/statuses/main", "{\"state\":\"pending\"}"), 422,
        "No commit found for SHA: main");

    ApiClient.Answer list = alice.get(path);
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.header("X-Total-Count")).isEqualTo("2");
    assertThat(list.json().findValuesAsText("context")).containsExactly("default", "ci/lint");
    assertThat(alice.get("/repos/alice/ci-validate/commits/main/statuses").json().size()).isEqualTo(2);
    assertThat(alice.get(path + "?state=warning").json().findValuesAsText("state")).containsExactly("warning");
    assertThat(alice.get(path + "?sort=oldest").json().findValuesAsText("context")).containsExactly("ci/lint", "default");
    assertThat(alice.get("/repos/alice/ci-validate/statuses/" + "0".repeat(40)).json().size()).isZero();
    assertError(alice.get("/repos/alice/ci-validate/statuses/no-such-branch"), 404, "ref does not exist [ref: no-such-branch]");
  }

  @Test
  void aRefWithASlashNamesItsBranchOrTagPlainOrPercentEncoded(@TempDir Path work) throws Exception {
    Requirements.git();
    newRepo("ci-slash");
    GitCli git = new GitCli(work).withHome(work.resolve("home"));
    Path clone = work.resolve("clone");
    git.check("clone", "-q", base.replace("http://", "http://alice:tidings-alice@") + "alice/ci-slash.git",
        clone.toString());
    GitCli repo = git.in(clone);
    String login = repo.commit("Login form");
    repo.push("origin", "HEAD:refs/heads/feature/login");
    String release = repo.commit("Release 1.0");
    repo.check("tag", "-a", "-m", "Release 1.0", "release/1.0");
    // A tag with a branch's name: the branch wins, as in Gitea; the full ref name picks the tag.
    repo.check("tag", "feature/login", release);
    repo.push("origin", "refs/tags/release/1.0", "refs/tags/feature/login");
    assertThat(alice.post("/repos/alice/ci-slash/statuses/" + login, "{\"state\":\"failure\",\"context\":\"ci/login\"}")
        .status()).isEqualTo(201);
    assertThat(alice.post("/repos/alice/ci-slash/statuses/" + release, "{\"state\":\"success\",\"context\":\"ci/release\"}")
        .status()).isEqualTo(201);

    for (String ref : List.of("feature/login", "refs/heads/feature/login", "feature%2Flogin", "feature%2flogin",
        "refs%2Fheads%2Ffeature%2Flogin")) {
      ApiClient.Answer list = alice.get("/repos/alice/ci-slash/commits/" + ref + "/statuses");
      assertThat(list.status()).as(ref + ": " + list).isEqualTo(200);
      assertThat(list.json().findValuesAsText("context")).as(ref).containsExactly("ci/login");
      ApiClient.Answer combined = alice.get("/repos/alice/ci-slash/commits/" + ref + "/status");
      assertThat(combined.status()).as(ref + ": " + combined).isEqualTo(200);
      assertThat(combined.json().get("sha").asText()).as(ref).isEqualTo(login);
      assertThat(combined.json().get("state").asText()).as(ref).isEqualTo("failure");
    }
    for (String ref : List.of("release/1.0", "refs/tags/release/1.0", "release%2F1.0", "refs/tags/feature/login")) {
      ApiClient.Answer combined = alice.get("/repos/alice/ci-slash/commits/" + ref + "/status");
      assertThat(combined.status()).as(ref + ": " + combined).isEqualTo(200);
      assertThat(combined.json().get("sha").asText()).as("%s names the released commit (the annotated tag peeled)", ref)
          .isEqualTo(release);
      assertThat(combined.json().get("statuses").findValuesAsText("context")).as(ref).containsExactly("ci/release");
    }
    assertThat(anonymous.get("/repos/alice/ci-slash/commits/feature/login/statuses").status()).isEqualTo(200);

    assertError(alice.get("/repos/alice/ci-slash/commits/feature/nope/statuses"), 404,
        "ref does not exist [ref: feature/nope]");
    assertError(alice.get("/repos/alice/ci-slash/commits/feature%2Fnope/status"), 404,
        "ref does not exist [ref: feature/nope]");
    assertError(alice.get("/repos/alice/ci-slash/commits/refs/heads/release/1.0/status"), 404,
        "ref does not exist [ref: refs/heads/release/1.0]");
    assertError(alice.get("/repos/alice/ci-slash/commits/feature/login~1/status"), 404,
        "ref does not exist [ref: feature/login~1]");
    // An encoded slash stays inside its segment everywhere else too: no repository is named "alice/ci-slash".
    assertError(alice.get("/repos/alice%2Fci-slash/commits/main/status"), 404, "not found");
    assertThat(status("alice%2Fci-slash")).as("the web pages do not take an encoded slash").isEqualTo(400);
  }

  private int status(String path) throws Exception {
    return java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + path)).build(),
        java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Test
  void permissionsAndScopes() {
    String sha = newRepo("ci-perms");
    String path = "/repos/alice/ci-perms/statuses/" + sha;
    assertError(anonymous.post(path, "{\"state\":\"pending\"}"), 401, "token is required");
    assertError(bob.post(path, "{\"state\":\"pending\"}"), 403, "user should have a permission to write to a repo");
    assertThat(anonymous.get(path).status()).isEqualTo(200);
    ApiClient.Answer token = alice.post("/users/alice/tokens", "{\"name\":\"ci-read\",\"scopes\":[\"read:repository\"]}");
    ApiClient readOnly = ApiClient.header(base, "token " + token.json().get("sha1").asText());
    assertError(readOnly.post(path, "{\"state\":\"pending\"}"), 403,
        "token does not have at least one of required scope(s): [write:repository]");
    assertThat(readOnly.get(path).status()).isEqualTo(200);
    assertThat(alice.put("/repos/alice/ci-perms/collaborators/bob", "{\"permission\":\"write\"}").status()).isEqualTo(204);
    assertThat(bob.post(path, "{\"state\":\"pending\"}").status()).isEqualTo(201);
    ApiClient.Answer privateRepo = alice.post("/user/repos", "{\"name\":\"ci-private\",\"private\":true,\"auto_init\":true}");
    assertThat(privateRepo.status()).isEqualTo(201);
    String hidden = alice.get("/repos/alice/ci-private/branches/main").json().get("commit").get("id").asText();
    assertThat(anonymous.get("/repos/alice/ci-private/commits/" + hidden + "/status").status()).isEqualTo(404);
    assertThat(ApiClient.basic(base, "bob", "tidings-bob").post("/repos/alice/ci-private/statuses/" + hidden,
        "{\"state\":\"pending\"}").status()).as("a repository bob cannot read").isEqualTo(404);
  }

  @Test
  void combinedStateFollowsGiteasRulesOnTheLatestOfEachContext() {
    String sha = newRepo("ci-combined");
    String path = "/repos/alice/ci-combined/statuses/" + sha;
    String combined = "/repos/alice/ci-combined/commits/" + sha + "/status";
    JsonNode none = alice.get(combined).json();
    assertThat(none.get("state").asText()).isEmpty();
    assertThat(none.get("total_count").asInt()).isZero();
    alice.post(path, "{\"state\":\"success\",\"context\":\"a\"}");
    assertThat(alice.get(combined).json().get("state").asText()).isEqualTo("success");
    alice.post(path, "{\"state\":\"pending\",\"context\":\"b\"}");
    assertThat(alice.get(combined).json().get("state").asText()).isEqualTo("pending");
    alice.post(path, "{\"state\":\"warning\",\"context\":\"c\"}");
    assertThat(alice.get(combined).json().get("state").asText()).isEqualTo("warning");
    alice.post(path, "{\"state\":\"failure\",\"context\":\"b\"}");
    assertThat(alice.get(combined).json().get("state").asText()).isEqualTo("failure");
    alice.post(path, "{\"state\":\"error\",\"context\":\"a\"}");
    assertThat(alice.get(combined).json().get("state").asText()).isEqualTo("error");
    // Only the latest status of each context counts.
    alice.post(path, "{\"state\":\"success\",\"context\":\"a\"}");
    alice.post(path, "{\"state\":\"success\",\"context\":\"b\"}");
    alice.post(path, "{\"state\":\"success\",\"context\":\"c\"}");
    ApiClient.Answer all = alice.get(combined);
    assertThat(all.json().get("state").asText()).isEqualTo("success");
    assertThat(all.json().get("total_count").asInt()).isEqualTo(3);
    assertThat(all.json().get("sha").asText()).isEqualTo(sha);
    assertThat(all.json().get("repository").get("full_name").asText()).isEqualTo("alice/ci-combined");
    assertThat(all.json().get("statuses").findValuesAsText("context")).containsExactly("c", "b", "a");
    assertThat(all.header("X-Total-Count")).isEqualTo("3");
    // By branch name too, and paged like other lists.
    assertThat(alice.get("/repos/alice/ci-combined/commits/main/status?limit=2&page=2").json().get("statuses").size())
        .isEqualTo(1);
    ApiClient.Answer page = alice.get(path + "?limit=3&page=2");
    assertThat(page.header("X-Total-Count")).isEqualTo("8");
    assertThat(page.json().size()).isEqualTo(3);
    assertThat(page.header("Link")).contains("rel=\"next\"").contains("rel=\"prev\"");
  }

  @Test
  void progressUpdatesReplaceThePendingStatusAndTheirEventsAreCoalesced() {
    String sha = newRepo("ci-progress");
    String path = "/repos/alice/ci-progress/statuses/" + sha;
    events.clear();
    long id = alice.post(path, "{\"state\":\"pending\",\"context\":\"build\",\"progress\":0}").json().get("id").asLong();
    for (int p = 1; p <= 50; p++) {
      ApiClient.Answer step = alice.post(path, "{\"state\":\"pending\",\"context\":\"build\",\"progress\":" + p + "}");
      assertThat(step.json().get("id").asLong()).isEqualTo(id);
      assertThat(step.json().get("progress").asInt()).isEqualTo(p);
    }
    assertThat(alice.get(path).header("X-Total-Count")).as("one row for the whole pending phase").isEqualTo("1");
    Await.until("the latest progress is delivered", Duration.ofSeconds(10),
        () -> when(!events.isEmpty() && Integer.valueOf(50).equals(events.get(events.size() - 1).progress())));
    assertThat(events.size()).as("events of 51 updates").isLessThan(51);
    alice.post(path, "{\"state\":\"success\",\"context\":\"build\"}");
    Await.until("the final state", Duration.ofSeconds(10),
        () -> when("success".equals(events.get(events.size() - 1).state())));
    CommitStatusEvent last = events.get(events.size() - 1);
    assertThat(last.combinedState()).isEqualTo("success");
    assertThat(last.sha()).isEqualTo(sha);
    assertThat(last.actor().login()).isEqualTo("alice");
    assertThat(alice.get(path).header("X-Total-Count")).isEqualTo("2");
  }

  @Test
  void theEventNamesTheOpenPullRequestsWhoseHeadIsTheCommit() throws Exception {
    Path bare = host.injector().getInstance(GitStore.class).path("alice", "demo");
    String head = BareRepoCommits.commit(bare, "main", "ci-feature", "ci.txt", "ci\n");
    long number = alice.post("/repos/alice/demo/pulls", "{\"head\":\"ci-feature\",\"base\":\"main\",\"title\":\"CI\"}")
        .json().get("number").asLong();
    events.clear();
    assertThat(alice.post("/repos/alice/demo/statuses/" + head, "{\"state\":\"failure\",\"context\":\"ci\"}").status())
        .isEqualTo(201);
    Await.until("the event", Duration.ofSeconds(10), () -> when(!events.isEmpty()));
    assertThat(events.get(0).pullRequests()).containsExactly(number);
    assertThat(events.get(0).combinedState()).isEqualTo("failure");
    // The pull request page shows the check.
    assertThat(page("alice/demo/pulls/" + number)).contains("data-host-statuses")
        .contains("data-context=\"ci\"").contains("data-host-combined-status=\"failure\"");
  }
}
