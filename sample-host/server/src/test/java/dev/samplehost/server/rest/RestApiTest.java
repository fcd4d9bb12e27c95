package dev.samplehost.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.samplehost.server.HostServer;
import dev.samplehost.server.git.GitStore;
import dev.tidings.testing.support.HostTest;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The Gitea-compatible REST API of the demo host, over real HTTP on a free port. */
@HostTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestApiTest {

  private HostServer host;
  private String base;
  private ApiClient alice;
  private ApiClient bob;
  private ApiClient anonymous;
  private String aliceToken;
  private String bobToken;

  @BeforeAll
  void start(@TempDir Path temp) throws Exception {
    host = HostServer.builder().bind("127.0.0.1").port(0).dataDir(temp.resolve("data"))
        .pluginsDir(temp.resolve("plugins")).demo(true).build();
    host.start();
    base = host.baseUrl();
    anonymous = ApiClient.anonymous(base);
    aliceToken = token("alice", "tidings-alice", "rest-test");
    bobToken = token("bob", "tidings-bob", "rest-test");
    alice = ApiClient.header(base, "token " + aliceToken);
    bob = ApiClient.header(base, "Bearer " + bobToken);
  }

  @AfterAll
  void stop() throws Exception {
    if (host != null) {
      host.close();
    }
  }

  private String token(String user, String password, String name) {
    ApiClient.Answer created = ApiClient.basic(base, user, password)
        .post("/users/" + user + "/tokens", "{\"name\":\"" + name + "\",\"scopes\":[\"all\"]}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(created.json().get("token_last_eight").asText()).hasSize(8);
    return created.json().get("sha1").asText();
  }

  private Path bare(String owner, String name) {
    return host.injector().getInstance(GitStore.class).path(owner, name);
  }

  private static void assertError(ApiClient.Answer answer, int status, String message) {
    assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
    assertThat(answer.header("Content-Type")).startsWith("application/json");
    JsonNode json = answer.json();
    if (message != null) {
      assertThat(json.get("message").asText()).isEqualTo(message);
    } else {
      assertThat(json.has("message")).isTrue();
    }
    assertThat(json.get("url").asText()).endsWith("api/swagger");
  }

  // ---- auth ----

  @Test
  void everyAuthFormIdentifiesTheCaller() {
    assertThat(alice.get("/user").json().get("login").asText()).isEqualTo("alice");
    assertThat(ApiClient.header(base, "Bearer " + aliceToken).get("/user").json().get("login").asText()).isEqualTo("alice");
    assertThat(ApiClient.header(base, "bearer " + aliceToken).get("/user").status()).isEqualTo(200);
    // Tokens in the URL are off by default (Gitea's DISABLE_QUERY_AUTH_TOKEN): refused, never ignored.
    assertThat(anonymous.get("/user?token=" + aliceToken).status()).isEqualTo(401);
    assertThat(anonymous.get("/user?access_token=" + aliceToken).json().get("message").asText())
        .contains("disabled");
    assertThat(ApiClient.basic(base, "alice", "tidings-alice").get("/user").json().get("login").asText()).isEqualTo("alice");
    assertThat(ApiClient.basic(base, aliceToken, "").get("/user").json().get("login").asText()).isEqualTo("alice");
    assertThat(ApiClient.basic(base, aliceToken, "x-oauth-basic").get("/user").json().get("login").asText()).isEqualTo("alice");
    assertThat(ApiClient.basic(base, "alice", aliceToken).get("/user").json().get("login").asText()).isEqualTo("alice");
    assertThat(bob.get("/user").json().get("login").asText()).isEqualTo("bob");
  }

  @Test
  void missingOrWrongCredentialsGet401() {
    assertError(anonymous.get("/user"), 401, "token is required");
    assertThat(ApiClient.header(base, "token nope-not-a-token").get("/user").status()).isEqualTo(401);
    assertThat(ApiClient.basic(base, "alice", "wrong-password").get("/user").status()).isEqualTo(401);
    assertThat(anonymous.get("/user?token=nope").status()).isEqualTo(401);
  }

  @Test
  void tokensNeedBasicPasswordAndAScope() {
    assertError(alice.post("/users/alice/tokens", "{\"name\":\"x\",\"scopes\":[\"all\"]}"), 401, "auth required");
    ApiClient basic = ApiClient.basic(base, "alice", "tidings-alice");
    assertError(basic.post("/users/alice/tokens", "{\"scopes\":[\"all\"]}"), 422, "[Name]: Required");
    assertThat(basic.post("/users/alice/tokens", "{\"name\":\"noscope\"}").status()).isEqualTo(400);
    assertThat(basic.post("/users/alice/tokens", "{\"name\":\"rest-test\",\"scopes\":[\"all\"]}").status()).isEqualTo(400);
    assertThat(ApiClient.basic(base, "bob", "tidings-bob").post("/users/alice/tokens",
        "{\"name\":\"steal\",\"scopes\":[\"all\"]}").status()).isEqualTo(403);
    ApiClient.Answer list = basic.get("/users/alice/tokens");
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.header("X-Total-Count")).isNotNull();
    assertThat(list.json().findValuesAsText("name")).contains("rest-test");
    assertThat(list.json().get(0).get("sha1").asText()).isEmpty();
  }

  @Test
  void tokenScopesLimitWhatATokenMayDo() {
    ApiClient.Answer created = ApiClient.basic(base, "alice", "tidings-alice")
        .post("/users/alice/tokens", "{\"name\":\"read-only\",\"scopes\":[\"read:user\",\"read:repository\"]}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(created.json().get("scopes").toString()).isEqualTo("[\"read:user\",\"read:repository\"]");
    ApiClient readOnly = ApiClient.header(base, "token " + created.json().get("sha1").asText());
    assertThat(readOnly.get("/user").status()).isEqualTo(200);
    assertThat(readOnly.get("/repos/alice/demo").status()).isEqualTo(200);
    assertError(readOnly.post("/user/repos", "{\"name\":\"scoped\"}"), 403,
        "token does not have at least one of required scope(s): [write:user]");
    assertError(readOnly.get("/repos/alice/demo/issues"), 403,
        "token does not have at least one of required scope(s): [read:issue]");
    assertThat(ApiClient.basic(base, "alice", "tidings-alice").post("/users/alice/tokens",
        "{\"name\":\"bad-scope\",\"scopes\":[\"write:everything\"]}").status()).isEqualTo(400);
  }

  @Test
  void sudoIsForAdminsOnly() {
    ApiClient aliceAsBob = ApiClient.header(base, "token " + aliceToken);
    assertThat(aliceAsBob.get("/user?sudo=bob").json().get("login").asText()).isEqualTo("bob");
    assertError(bob.get("/user?sudo=alice"), 403, "Only administrators allowed to sudo.");
    assertThat(alice.get("/user?sudo=nobody-here").status()).isEqualTo(404);
  }

  // ---- users ----

  @Test
  void usersAndAdminCreate() {
    JsonNode bobProfile = alice.get("/users/bob").json();
    assertThat(bobProfile.get("login").asText()).isEqualTo("bob");
    assertThat(bobProfile.get("username").asText()).isEqualTo("bob");
    assertThat(alice.get("/users/nobody-here").status()).isEqualTo(404);
    String carol = "{\"username\":\"carol\",\"email\":\"carol@example.com\",\"password\":\"carol-secret-1\",\"must_change_password\":false}";
    assertError(bob.post("/admin/users", carol), 403, "user should be the site admin");
    assertError(alice.post("/admin/users", "{\"email\":\"x@example.com\",\"password\":\"long-enough-1\"}"), 422, "[Username]: Required");
    ApiClient.Answer created = alice.post("/admin/users", carol);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(created.json().get("login").asText()).isEqualTo("carol");
    assertThat(alice.post("/admin/users", carol).status()).isEqualTo(422);
    assertThat(ApiClient.basic(base, "carol", "carol-secret-1").get("/user").json().get("login").asText()).isEqualTo("carol");
  }

  // ---- repositories ----

  @Test
  void repositoryRoundTrip() {
    ApiClient.Answer created = alice.post("/user/repos", "{\"name\":\"round-trip\",\"description\":\"d\",\"private\":true,\"auto_init\":true}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    JsonNode repo = created.json();
    assertThat(repo.get("full_name").asText()).isEqualTo("alice/round-trip");
    assertThat(repo.get("private").asBoolean()).isTrue();
    assertThat(repo.get("empty").asBoolean()).isFalse();
    assertThat(repo.get("owner").get("login").asText()).isEqualTo("alice");
    assertThat(repo.get("clone_url").asText()).isEqualTo(base + "alice/round-trip.git");
    assertThat(repo.get("html_url").asText()).isEqualTo(base + "alice/round-trip");
    assertThat(repo.get("url").asText()).isEqualTo(base + "api/v1/repos/alice/round-trip");
    assertThat(repo.get("permissions").get("admin").asBoolean()).isTrue();
    assertThat(repo.get("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");

    assertError(alice.post("/user/repos", "{\"name\":\"round-trip\"}"), 409, "The repository with the same name already exists.");
    assertError(alice.post("/user/repos", "{\"description\":\"no name\"}"), 422, "[Name]: Required");
    assertError(alice.post("/user/repos", "{\"name\":\"bad name!\"}"), 422, "[Name]: AlphaDashDot");
    assertThat(alice.post("/user/repos", "{\"name\": ").status()).isEqualTo(400);
    assertError(anonymous.post("/user/repos", "{\"name\":\"x\"}"), 401, "token is required");

    assertThat(alice.get("/repos/alice/round-trip").status()).isEqualTo(200);
    assertError(bob.get("/repos/alice/round-trip"), 404, null);
    assertThat(anonymous.get("/repos/alice/demo").json().has("permissions")).isTrue();

    ApiClient.Answer branches = alice.get("/repos/alice/round-trip/branches");
    assertThat(branches.status()).isEqualTo(200);
    assertThat(branches.header("X-Total-Count")).isEqualTo("1");
    assertThat(branches.json().get(0).get("name").asText()).isEqualTo("main");
    assertThat(branches.json().get(0).get("commit").get("id").asText()).hasSize(40);
    assertThat(alice.get("/repos/alice/round-trip/branches/main").json().get("name").asText()).isEqualTo("main");
    assertThat(alice.get("/repos/alice/round-trip/branches/nope").status()).isEqualTo(404);

    assertThat(bob.delete("/repos/alice/round-trip").status()).isEqualTo(404);
    assertThat(alice.delete("/repos/alice/round-trip").status()).isEqualTo(204);
    assertThat(alice.get("/repos/alice/round-trip").status()).isEqualTo(404);
  }

  @Test
  void bobCannotSeeAcmeSecret() {
    assertError(bob.get("/repos/acme/secret"), 404, null);
    assertThat(bob.get("/repos/acme/secret/issues").status()).isEqualTo(404);
    assertThat(bob.get("/repos/acme/secret/pulls").status()).isEqualTo(404);
    assertThat(bob.get("/repos/acme/secret/branches").status()).isEqualTo(404);
    assertThat(bob.post("/repos/acme/secret/issues", "{\"title\":\"sneaky\"}").status()).isEqualTo(404);
    assertThat(anonymous.get("/repos/acme/secret").status()).isEqualTo(404);
    assertThat(alice.get("/repos/acme/secret").status()).isEqualTo(200);
  }

  @Test
  void collaborators() {
    assertThat(alice.post("/user/repos", "{\"name\":\"collab\",\"private\":true}").status()).isEqualTo(201);
    assertThat(bob.get("/repos/alice/collab").status()).isEqualTo(404);
    assertThat(alice.get("/repos/alice/collab/collaborators/bob").status()).isEqualTo(404);
    assertThat(alice.put("/repos/alice/collab/collaborators/bob", "{\"permission\":\"read\"}").status()).isEqualTo(204);
    assertThat(alice.get("/repos/alice/collab/collaborators/bob").status()).isEqualTo(204);
    assertThat(bob.get("/repos/alice/collab").json().get("permissions").get("push").asBoolean()).isFalse();
    assertThat(alice.get("/repos/alice/collab/collaborators/bob/permission").json().get("permission").asText()).isEqualTo("read");
    assertThat(bob.put("/repos/alice/collab/collaborators/bob", "{\"permission\":\"admin\"}").status()).isEqualTo(403);
    assertThat(alice.put("/repos/alice/collab/collaborators/bob", null).status()).isEqualTo(204);
    assertThat(bob.get("/repos/alice/collab/collaborators/bob/permission").json().get("permission").asText()).isEqualTo("write");
    assertThat(alice.get("/repos/alice/collab/collaborators").json().findValuesAsText("login")).containsExactly("bob");
    assertThat(alice.put("/repos/alice/collab/collaborators/no-such-user", "{}").status()).isEqualTo(422);
    assertThat(alice.put("/repos/alice/collab/collaborators/bob", "{\"permission\":\"owner\"}").status()).isEqualTo(422);
    assertThat(alice.delete("/repos/alice/collab/collaborators/bob").status()).isEqualTo(204);
    assertThat(alice.get("/repos/alice/collab/collaborators/bob").status()).isEqualTo(404);
    assertThat(bob.get("/repos/alice/collab").status()).isEqualTo(404);
  }

  // ---- orgs ----

  @Test
  void organizationsAndTeams() {
    ApiClient.Answer org = alice.post("/orgs", "{\"username\":\"rest-org\",\"full_name\":\"Rest Org\"}");
    assertThat(org.status()).as(org.toString()).isEqualTo(201);
    assertThat(org.json().get("name").asText()).isEqualTo("rest-org");
    assertError(alice.post("/orgs", "{\"full_name\":\"x\"}"), 422, "[UserName]: Required");
    assertThat(bob.get("/orgs/rest-org").json().get("full_name").asText()).isEqualTo("Rest Org");
    JsonNode teams = alice.get("/orgs/rest-org/teams").json();
    assertThat(teams.size()).isEqualTo(1);
    assertThat(teams.get(0).get("name").asText()).isEqualTo("Owners");
    assertThat(teams.get(0).get("permission").asText()).isEqualTo("owner");
    assertThat(teams.get(0).get("organization").get("name").asText()).isEqualTo("rest-org");
    assertThat(bob.get("/orgs/rest-org/teams").status()).isEqualTo(403);
    ApiClient.Answer team = alice.post("/orgs/rest-org/teams",
        "{\"name\":\"devs\",\"permission\":\"write\",\"includes_all_repositories\":true,\"units\":[\"repo.code\",\"repo.issues\",\"repo.pulls\"]}");
    assertThat(team.status()).as(team.toString()).isEqualTo(201);
    long teamId = team.json().get("id").asLong();
    assertThat(bob.put("/teams/" + teamId + "/members/bob", null).status()).isEqualTo(403);
    assertThat(alice.put("/teams/" + teamId + "/members/bob", null).status()).isEqualTo(204);
    assertThat(alice.get("/orgs/rest-org/members/bob").status()).isEqualTo(204);
    assertThat(alice.get("/orgs/rest-org/members").json().findValuesAsText("login")).contains("alice", "bob");
    assertThat(alice.post("/orgs/rest-org/repos", "{\"name\":\"team-repo\"}").status()).isEqualTo(201);
    assertThat(bob.get("/repos/rest-org/team-repo").json().get("permissions").get("push").asBoolean()).isTrue();
    assertThat(bob.post("/orgs/rest-org/repos", "{\"name\":\"not-allowed\"}").status()).isEqualTo(403);
    assertThat(alice.delete("/orgs/rest-org/members/bob").status()).isEqualTo(204);
    assertThat(alice.get("/orgs/rest-org/members/bob").status()).isEqualTo(404);
    assertThat(alice.get("/orgs/no-such-org").status()).isEqualTo(404);
  }

  @Test
  void listsAndSmallerReads() {
    assertThat(anonymous.get("/version").json().get("version").asText()).isEqualTo("1.23.0");
    assertThat(alice.get("/users/alice/repos").json().findValuesAsText("full_name")).contains("alice/demo");
    assertThat(alice.get("/orgs/acme/repos").json().findValuesAsText("full_name")).contains("acme/secret");
    assertThat(bob.get("/orgs/acme/repos").json().findValuesAsText("full_name")).doesNotContain("acme/secret");
    assertThat(alice.get("/user/repos").json().findValuesAsText("full_name")).contains("alice/demo", "acme/secret");
    assertThat(bob.get("/user/repos").json().findValuesAsText("full_name")).doesNotContain("alice/demo", "acme/secret");
    assertThat(alice.get("/user/orgs").json().findValuesAsText("name")).contains("acme");
    assertThat(alice.get("/users/acme").json().get("login").asText()).isEqualTo("acme");
    JsonNode owners = alice.get("/orgs/acme/teams").json().get(0);
    assertThat(alice.get("/teams/" + owners.get("id").asLong() + "/members").json().findValuesAsText("login")).contains("alice");
    assertThat(bob.get("/teams/" + owners.get("id").asLong()).status()).isEqualTo(404);

    ApiClient basic = ApiClient.basic(base, "bob", "tidings-bob");
    ApiClient.Answer made = basic.post("/users/bob/tokens", "{\"name\":\"short-lived\",\"scopes\":[\"all\"]}");
    String value = made.json().get("sha1").asText();
    assertThat(ApiClient.header(base, "token " + value).get("/user").status()).isEqualTo(200);
    assertThat(basic.delete("/users/bob/tokens/short-lived").status()).isEqualTo(204);
    assertThat(ApiClient.header(base, "token " + value).get("/user").status()).isEqualTo(401);
    assertThat(basic.delete("/users/bob/tokens/short-lived").status()).isEqualTo(404);
  }

  // ---- unknown paths ----

  @Test
  void unknownPathsAnswer404Json() {
    assertError(alice.get("/no/such/thing"), 404, "not found");
    assertError(anonymous.get("/repos/alice/demo/nonsense/path/x"), 404, "not found");
  }

  // ---- issues and comments ----

  @Test
  void issueRoundTrip() {
    ApiClient.Answer created = alice.post("/repos/alice/demo/issues", "{\"Title\":\"First issue\",\"body\":\"hello @bob\"}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    JsonNode issue = created.json();
    long n = issue.get("number").asLong();
    assertThat(issue.get("title").asText()).isEqualTo("First issue");
    assertThat(issue.get("state").asText()).isEqualTo("open");
    assertThat(issue.get("pull_request").isNull()).isTrue();
    assertThat(issue.get("closed_at").isNull()).isTrue();
    assertThat(issue.get("user").get("login").asText()).isEqualTo("alice");
    assertThat(issue.get("url").asText()).isEqualTo(base + "api/v1/repos/alice/demo/issues/" + n);
    assertThat(issue.get("html_url").asText()).isEqualTo(base + "alice/demo/issues/" + n);
    assertThat(issue.get("repository").get("full_name").asText()).isEqualTo("alice/demo");

    assertError(alice.post("/repos/alice/demo/issues", "{\"body\":\"no title\"}"), 422, "[Title]: Required");
    assertError(anonymous.post("/repos/alice/demo/issues", "{\"title\":\"anon\"}"), 401, "token is required");
    assertThat(alice.get("/repos/alice/demo/issues/" + n).json().get("body").asText()).isEqualTo("hello @bob");
    assertThat(alice.get("/repos/alice/demo/issues/99999").status()).isEqualTo(404);
    assertThat(alice.get("/repos/alice/demo/issues/abc").status()).isEqualTo(404);

    ApiClient.Answer comment = bob.post("/repos/alice/demo/issues/" + n + "/comments", "{\"body\":\"hi alice\"}");
    assertThat(comment.status()).as(comment.toString()).isEqualTo(201);
    assertThat(comment.json().get("html_url").asText()).isEqualTo(base + "alice/demo/issues/" + n + "#issuecomment-" + comment.json().get("id").asLong());
    assertThat(comment.json().get("issue_url").asText()).isEqualTo(base + "alice/demo/issues/" + n);
    assertThat(comment.json().get("pull_request_url").asText()).isEmpty();
    assertError(bob.post("/repos/alice/demo/issues/" + n + "/comments", "{}"), 422, "[Body]: Required");
    ApiClient.Answer comments = anonymous.get("/repos/alice/demo/issues/" + n + "/comments");
    assertThat(comments.header("X-Total-Count")).isEqualTo("1");
    assertThat(comments.json().get(0).get("body").asText()).isEqualTo("hi alice");
    long commentId = comment.json().get("id").asLong();
    assertThat(anonymous.get("/repos/alice/demo/issues/comments/" + commentId).json().get("body").asText()).isEqualTo("hi alice");
    assertThat(anonymous.get("/repos/alice/conflicts/issues/comments/" + commentId).status()).isEqualTo(404);
    assertThat(alice.get("/repos/alice/demo/issues/" + n).json().get("comments").asInt()).isEqualTo(1);

    // bob (not a writer, not the poster) gets Gitea's bare 403; the poster may edit; PATCH answers 201.
    ApiClient.Answer denied = bob.patch("/repos/alice/demo/issues/" + n, "{\"title\":\"mine now\"}");
    assertThat(denied.status()).isEqualTo(403);
    assertThat(denied.body()).isEmpty();
    ApiClient.Answer closed = alice.patch("/repos/alice/demo/issues/" + n, "{\"state\":\"closed\",\"assignees\":[\"alice\",\"bob\"]}");
    assertThat(closed.status()).as(closed.toString()).isEqualTo(201);
    assertThat(closed.json().get("state").asText()).isEqualTo("closed");
    assertThat(closed.json().get("closed_at").isNull()).isFalse();
    assertThat(closed.json().get("assignees").findValuesAsText("login")).containsExactlyInAnyOrder("alice", "bob");
    assertThat(closed.json().get("assignee").get("login").asText()).isIn("alice", "bob");
    assertThat(alice.patch("/repos/alice/demo/issues/" + n, "{\"state\":\"whatever\",\"assignees\":[]}").json().get("state").asText()).isEqualTo("open");
    assertThat(alice.patch("/repos/alice/demo/issues/" + n, "{\"assignees\":[\"no-such-user\"]}").status()).isEqualTo(422);
  }

  @Test
  void issueListFiltersAndPages() {
    for (int i = 0; i < 3; i++) {
      assertThat(alice.post("/repos/alice/demo/issues", "{\"title\":\"list " + i + "\"}").status()).isEqualTo(201);
    }
    assertThat(bob.post("/repos/alice/demo/issues", "{\"title\":\"by bob\"}").status()).isEqualTo(201);
    ApiClient.Answer page1 = anonymous.get("/repos/alice/demo/issues?state=all&limit=2&page=1&type=issues");
    assertThat(page1.status()).isEqualTo(200);
    int total = Integer.parseInt(page1.header("X-Total-Count"));
    assertThat(total).isGreaterThanOrEqualTo(4);
    assertThat(page1.json().size()).isEqualTo(2);
    assertThat(page1.header("Link")).contains("rel=\"next\"", "rel=\"last\"", "state=all", "page=2").doesNotContain("rel=\"prev\"");
    ApiClient.Answer page2 = anonymous.get("/repos/alice/demo/issues?state=all&limit=2&page=2&type=issues");
    assertThat(page2.header("Link")).contains("rel=\"first\"", "rel=\"prev\"");
    assertThat(anonymous.get("/repos/alice/demo/issues?state=all&limit=2&page=999").json().size()).isZero();
    JsonNode byBob = anonymous.get("/repos/alice/demo/issues?created_by=bob&state=all").json();
    assertThat(byBob.findValuesAsText("title")).contains("by bob").doesNotContain("list 0");
    assertThat(anonymous.get("/repos/alice/demo/issues?created_by=nobody-at-all").status()).isEqualTo(404);
    assertError(anonymous.get("/repos/alice/demo/issues?since=yesterday"), 422, null);
    assertThat(anonymous.get("/repos/alice/demo/issues?since=2000-01-01T00:00:00Z&before=2999-01-01T00:00:00%2B02:00").json().size()).isGreaterThan(0);
    assertThat(anonymous.get("/repos/alice/demo/issues?since=2999-01-01T00:00:00Z").json().size()).isZero();
  }

  // ---- pull requests ----

  @Test
  void pullRequestReviewsAndMerge() throws Exception {
    Path repo = bare("alice", "demo");
    String head = BareRepoCommits.commit(repo, "main", "feature-a", "a.txt", "feature a\n");
    assertError(alice.post("/repos/alice/demo/pulls", "{\"base\":\"main\",\"title\":\"t\"}"), 422, "[Head]: Required");
    assertThat(alice.post("/repos/alice/demo/pulls", "{\"head\":\"main\",\"base\":\"main\",\"title\":\"t\"}").status()).isEqualTo(422);
    assertThat(alice.post("/repos/alice/demo/pulls", "{\"head\":\"no-such\",\"base\":\"main\",\"title\":\"t\"}").status()).isEqualTo(404);
    assertThat(alice.post("/repos/alice/demo/pulls",
        "{\"head\":\"feature-a\",\"base\":\"main\",\"title\":\"t\",\"reviewers\":[\"nobody-here\"]}").status()).isEqualTo(422);
    ApiClient.Answer created = alice.post("/repos/alice/demo/pulls", "{\"head\":\"feature-a\",\"base\":\"main\",\"title\":\"Feature A\",\"body\":\"please\"}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    JsonNode pr = created.json();
    long n = pr.get("number").asLong();
    assertThat(pr.get("state").asText()).isEqualTo("open");
    assertThat(pr.get("merged").asBoolean()).isFalse();
    assertThat(pr.get("mergeable").asBoolean()).isTrue();
    assertThat(pr.get("head").get("ref").asText()).isEqualTo("feature-a");
    assertThat(pr.get("head").get("label").asText()).isEqualTo("feature-a");
    assertThat(pr.get("head").get("sha").asText()).isEqualTo(head);
    assertThat(pr.get("base").get("sha").asText()).isEqualTo(BareRepoCommits.head(repo, "main"));
    assertThat(pr.get("base").get("repo").get("full_name").asText()).isEqualTo("alice/demo");
    assertThat(pr.get("url").asText()).isEqualTo(base + "alice/demo/pulls/" + n);
    assertThat(pr.get("merged_at").isNull()).isTrue();
    assertThat(pr.get("merged_by").isNull()).isTrue();
    assertThat(alice.post("/repos/alice/demo/pulls", "{\"head\":\"feature-a\",\"base\":\"main\",\"title\":\"again\"}").status()).isEqualTo(409);

    JsonNode asIssue = anonymous.get("/repos/alice/demo/issues/" + n).json();
    assertThat(asIssue.get("pull_request").get("merged").asBoolean()).isFalse();
    assertThat(asIssue.get("html_url").asText()).isEqualTo(base + "alice/demo/pulls/" + n);
    assertThat(anonymous.get("/repos/alice/demo/issues?type=pulls").json().findValuesAsText("title")).contains("Feature A");
    assertThat(anonymous.get("/repos/alice/demo/issues?type=issues").json().findValuesAsText("title")).doesNotContain("Feature A");
    ApiClient.Answer list = anonymous.get("/repos/alice/demo/pulls");
    assertThat(list.header("X-Total-Count")).isNotNull();
    assertThat(list.json().findValuesAsText("title")).contains("Feature A");
    assertThat(bob.post("/repos/alice/demo/issues/" + n + "/comments", "{\"body\":\"on the PR\"}").json()
        .get("pull_request_url").asText()).isEqualTo(base + "alice/demo/pulls/" + n);

    // requested reviewers
    assertThat(alice.post("/repos/alice/demo/pulls/" + n + "/requested_reviewers", "{\"reviewers\":[\"nobody-here\"]}").status()).isEqualTo(404);
    assertThat(alice.post("/repos/alice/demo/pulls/" + n + "/requested_reviewers", "{\"reviewers\":[\"alice\"]}").status()).isEqualTo(422);
    ApiClient.Answer requested = alice.post("/repos/alice/demo/pulls/" + n + "/requested_reviewers", "{\"reviewers\":[\"bob\"]}");
    assertThat(requested.status()).as(requested.toString()).isEqualTo(201);
    assertThat(requested.json().get(0).get("state").asText()).isEqualTo("REQUEST_REVIEW");
    assertThat(requested.json().get(0).get("user").get("login").asText()).isEqualTo("bob");
    assertThat(alice.get("/repos/alice/demo/pulls/" + n).json().get("requested_reviewers").findValuesAsText("login")).containsExactly("bob");
    assertThat(alice.send("DELETE", "/repos/alice/demo/pulls/" + n + "/requested_reviewers", "{\"reviewers\":[\"bob\"]}").status()).isEqualTo(204);
    assertThat(alice.get("/repos/alice/demo/pulls/" + n).json().get("requested_reviewers").size()).isZero();
    assertThat(alice.post("/repos/alice/demo/pulls/" + n + "/requested_reviewers", "{\"reviewers\":[\"bob\"]}").status()).isEqualTo(201);

    // reviews and Gitea's event rules
    assertError(alice.post("/repos/alice/demo/pulls/" + n + "/reviews", "{\"event\":\"APPROVED\"}"), 422, "approve your own pull is not allowed");
    assertError(bob.post("/repos/alice/demo/pulls/" + n + "/reviews", "{\"event\":\"REQUEST_CHANGES\"}"), 422, "review event REQUEST_CHANGES requires a body");
    assertThat(bob.post("/repos/alice/demo/pulls/" + n + "/reviews", "{\"event\":\"COMMENT\"}").status()).isEqualTo(422);
    ApiClient.Answer review = bob.post("/repos/alice/demo/pulls/" + n + "/reviews", "{\"event\":\"REQUEST_CHANGES\",\"body\":\"fix it\"}");
    assertThat(review.status()).as(review.toString()).isEqualTo(200);
    assertThat(review.json().get("state").asText()).isEqualTo("REQUEST_CHANGES");
    assertThat(review.json().get("commit_id").asText()).isEqualTo(head);
    assertThat(review.json().get("official").asBoolean()).isFalse();
    ApiClient.Answer pending = bob.post("/repos/alice/demo/pulls/" + n + "/reviews", "{\"body\":\"draft\"}");
    assertThat(pending.json().get("state").asText()).isEqualTo("PENDING");
    long reviewId = review.json().get("id").asLong();
    assertThat(anonymous.get("/repos/alice/demo/pulls/" + n + "/reviews/" + reviewId).json().get("body").asText()).isEqualTo("fix it");
    long pendingId = pending.json().get("id").asLong();
    assertThat(alice.get("/repos/alice/demo/pulls/" + n + "/reviews/" + pendingId).status()).isEqualTo(404);
    assertThat(bob.get("/repos/alice/demo/pulls/" + n + "/reviews/" + pendingId).status()).isEqualTo(200);
    JsonNode reviewsForAlice = alice.get("/repos/alice/demo/pulls/" + n + "/reviews").json();
    assertThat(reviewsForAlice.findValuesAsText("state")).contains("REQUEST_CHANGES").doesNotContain("PENDING", "REQUEST_REVIEW");
    assertThat(bob.get("/repos/alice/demo/pulls/" + n + "/reviews").json().findValuesAsText("state")).contains("PENDING");

    // merge: bob may not, alice merges (fast-forward), second merge is 405
    assertThat(anonymous.get("/repos/alice/demo/pulls/" + n + "/merge").status()).isEqualTo(404);
    assertError(alice.post("/repos/alice/demo/pulls/" + n + "/merge", "{}"), 422, "[Do]: Required");
    assertError(alice.post("/repos/alice/demo/pulls/" + n + "/merge", "{\"Do\":\"octopus\"}"), 422, "[Do]: In");
    assertThat(bob.post("/repos/alice/demo/pulls/" + n + "/merge", "{\"Do\":\"merge\"}").status()).isEqualTo(405);
    assertThat(alice.post("/repos/alice/demo/pulls/" + n + "/merge", "{\"do\":\"merge\",\"head_commit_id\":\"0000000000000000000000000000000000000000\"}").status()).isEqualTo(409);
    ApiClient.Answer merged = alice.post("/repos/alice/demo/pulls/" + n + "/merge", "{\"Do\":\"merge\"}");
    assertThat(merged.status()).as(merged.toString()).isEqualTo(200);
    assertThat(merged.body()).isEmpty();
    assertThat(BareRepoCommits.head(repo, "main")).isEqualTo(head);
    assertThat(anonymous.get("/repos/alice/demo/pulls/" + n + "/merge").status()).isEqualTo(204);
    ApiClient.Answer again = alice.post("/repos/alice/demo/pulls/" + n + "/merge", "{\"Do\":\"merge\"}");
    assertError(again, 405, "");
    JsonNode after = alice.get("/repos/alice/demo/pulls/" + n).json();
    assertThat(after.get("merged").asBoolean()).isTrue();
    assertThat(after.get("state").asText()).isEqualTo("closed");
    assertThat(after.get("merge_commit_sha").asText()).isEqualTo(head);
    assertThat(after.get("merged_by").get("login").asText()).isEqualTo("alice");
    assertThat(after.get("merged_at").isNull()).isFalse();
    assertThat(alice.get("/repos/alice/demo/issues/" + n).json().get("pull_request").get("merged").asBoolean()).isTrue();
    assertThat(alice.patch("/repos/alice/demo/pulls/" + n, "{\"state\":\"open\"}").status()).isEqualTo(412);
  }

  @Test
  void mergeCommitThenConflictingMergeIs409() throws Exception {
    assertThat(alice.post("/user/repos", "{\"name\":\"conflicts\",\"auto_init\":true}").status()).isEqualTo(201);
    Path repo = bare("alice", "conflicts");
    BareRepoCommits.commit(repo, "main", "left", "shared.txt", "left side\n");
    BareRepoCommits.commit(repo, "main", "right", "shared.txt", "right side\n");
    BareRepoCommits.commit(repo, "main", "other", "other.txt", "no conflict\n");
    BareRepoCommits.commit(repo, "main", "main", "main-only.txt", "moves main ahead\n");
    long left = alice.post("/repos/alice/conflicts/pulls", "{\"head\":\"left\",\"base\":\"main\",\"title\":\"left\"}").json().get("number").asLong();
    long right = alice.post("/repos/alice/conflicts/pulls", "{\"head\":\"right\",\"base\":\"main\",\"title\":\"right\"}").json().get("number").asLong();
    long other = alice.post("/repos/alice/conflicts/pulls", "{\"head\":\"other\",\"base\":\"main\",\"title\":\"WIP: other\"}").json().get("number").asLong();

    String mainBefore = BareRepoCommits.head(repo, "main");
    assertThat(alice.post("/repos/alice/conflicts/pulls/" + left + "/merge", "{\"Do\":\"merge\",\"MergeTitleField\":\"merge left\"}").status()).isEqualTo(200);
    String mergeCommit = BareRepoCommits.head(repo, "main");
    assertThat(mergeCommit).isNotEqualTo(mainBefore).isNotEqualTo(BareRepoCommits.head(repo, "left"));
    assertThat(alice.get("/repos/alice/conflicts/pulls/" + right).json().get("mergeable").asBoolean()).isFalse();
    ApiClient.Answer conflict = alice.post("/repos/alice/conflicts/pulls/" + right + "/merge", "{\"Do\":\"merge\"}");
    assertError(conflict, 409, null);
    assertThat(BareRepoCommits.head(repo, "main")).isEqualTo(mergeCommit);
    assertThat(alice.get("/repos/alice/conflicts/pulls/" + right).json().get("state").asText()).isEqualTo("open");

    assertError(alice.post("/repos/alice/conflicts/pulls/" + other + "/merge", "{\"Do\":\"merge\"}"), 405, "Work in progress PRs cannot be merged");
    ApiClient.Answer retitled = alice.patch("/repos/alice/conflicts/pulls/" + other, "{\"title\":\"other\"}");
    assertThat(retitled.status()).isEqualTo(201);
    assertThat(retitled.json().get("draft").asBoolean()).isFalse();
    ApiClient.Answer closed = alice.patch("/repos/alice/conflicts/pulls/" + other, "{\"state\":\"closed\"}");
    assertThat(closed.json().get("state").asText()).isEqualTo("closed");
    assertThat(alice.post("/repos/alice/conflicts/pulls/" + other + "/merge", "{\"Do\":\"merge\"}").status()).isEqualTo(404);
    assertThat(anonymous.get("/repos/alice/conflicts/pulls?state=closed").json().findValuesAsText("title")).containsExactlyInAnyOrder("left", "other");
  }
}
