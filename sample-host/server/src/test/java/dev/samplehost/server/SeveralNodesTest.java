package dev.samplehost.server;

import static dev.samplehost.server.WebPagesTest.cookie;
import static dev.samplehost.server.WebPagesTest.enc;
import static dev.samplehost.server.WebPagesTest.find;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.samplehost.api.AccessControl;
import dev.samplehost.api.Permission;
import dev.samplehost.server.domain.Organization;
import dev.samplehost.server.domain.Repository;
import dev.samplehost.server.domain.Team;
import dev.samplehost.server.domain.User;
import dev.samplehost.server.service.AccessTokenService;
import dev.samplehost.server.service.OrgService;
import dev.samplehost.server.service.RepoService;
import dev.samplehost.server.service.TeamService;
import dev.samplehost.server.service.UserService;
import dev.samplehost.server.testing.Http;
import dev.tidings.testing.git.GitCli;
import dev.tidings.testing.support.Await;
import dev.tidings.testing.support.HostTest;
import dev.tidings.testing.support.Requirements;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two hosts in one JVM on one data folder, each with its own plugin-data folder: separate
 * {@code Database} instances are separate SQLite connections, which lock each other exactly like
 * separate processes. Access changes, writes, sessions and pushes must behave as on one node.
 */
@HostTest
class SeveralNodesTest {
  private static final Duration REFRESH = Duration.ofMillis(200);
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir
  static Path tmp;
  static HostServer a;
  static HostServer b;
  static User alice;
  static User bob;

  @BeforeAll
  static void start() throws Exception {
    Path shared = tmp.resolve("shared");
    a = node(shared, "node-a", true);
    a.start();
    b = node(shared, "node-b", false);
    b.start();
    alice = a.injector().getInstance(UserService.class).get("alice");
    bob = a.injector().getInstance(UserService.class).get("bob");
  }

  private static HostServer node(Path shared, String name, boolean demo) {
    return HostServer.builder().port(0).dataDir(shared).pluginDataDir(tmp.resolve(name)).demo(demo)
        .accessRefresh(REFRESH).build();
  }

  @AfterAll
  static void stop() {
    if (b != null) {
      b.stop();
    }
    if (a != null) {
      a.stop();
    }
  }

  private static <T> T on(HostServer node, Class<T> type) {
    return node.injector().getInstance(type);
  }

  @Test
  void removingACollaboratorOnOneNodeEndsReadAccessOnTheOther() {
    Repository repo = on(a, RepoService.class).create(alice, "alice", "collab-private", "", true, false, null);
    AccessControl accessB = on(b, AccessControl.class);
    assertThat(accessB.canRead("bob", "alice", "collab-private")).as("not a collaborator yet").isFalse();

    on(a, RepoService.class).addCollaborator(alice, repo, bob, Permission.READ);
    Await.isTrue("node B lets the new collaborator read", () -> accessB.canRead("bob", "alice", "collab-private"));

    on(a, RepoService.class).removeCollaborator(alice, repo, bob);
    Await.isTrue("node B stops letting the removed collaborator read",
        () -> !accessB.canRead("bob", "alice", "collab-private"));
    assertThat(on(a, AccessControl.class).canRead("bob", "alice", "collab-private")).as("node A at once").isFalse();
  }

  @Test
  void leavingAnOrgTeamOnOneNodeEndsReadAccessOnTheOther() {
    Organization org = on(a, OrgService.class).create(alice, "nodes-org", "", "", "private");
    on(a, RepoService.class).create(alice, "nodes-org", "inside", "", true, false, null);
    Team team = on(a, TeamService.class).createTeam(org, "readers", "", "read", List.of("repo.code"), true, false);
    AccessControl accessB = on(b, AccessControl.class);
    assertThat(accessB.canRead("bob", "nodes-org", "inside")).isFalse();
    assertThat(accessB.canSeeOrganization("bob", "nodes-org")).isFalse();

    on(a, TeamService.class).addTeamMember(alice, team.id(), bob);
    Await.isTrue("node B sees bob's team membership", () -> accessB.canRead("bob", "nodes-org", "inside")
        && accessB.canSeeOrganization("bob", "nodes-org"));

    on(a, TeamService.class).removeTeamMember(alice, team.id(), bob);
    Await.isTrue("node B forgets bob's team membership", () -> !accessB.canRead("bob", "nodes-org", "inside")
        && !accessB.canSeeOrganization("bob", "nodes-org"));
  }

  @Test
  void makingARepositoryPrivateOnOneNodeHidesItOnTheOther() {
    Repository repo = on(a, RepoService.class).create(alice, "alice", "going-private", "", false, false, null);
    AccessControl accessB = on(b, AccessControl.class);
    assertThat(accessB.canRead(null, "alice", "going-private")).isTrue();
    assertThat(accessB.canRead("bob", "alice", "going-private")).isTrue();

    on(a, RepoService.class).update(repo, null, true, null);
    Await.isTrue("node B hides the now private repository",
        () -> !accessB.canRead(null, "alice", "going-private") && !accessB.canRead("bob", "alice", "going-private"));
    assertThat(accessB.permission("alice", "alice", "going-private")).isEqualTo(Permission.OWNER);
  }

  @Test
  void aTokenDeletedOnOneNodeStopsWorkingOnTheOther() {
    String token = on(a, AccessTokenService.class).createToken(bob, "nodes-token", List.of("all")).plaintext();
    String userOnB = b.baseUrl() + "api/v1/user";
    assertThat(Http.get(userOnB, "Authorization", "token " + token).statusCode()).isEqualTo(200);

    on(a, AccessTokenService.class).deleteToken(bob, "nodes-token");
    Await.isTrue("node B refuses the deleted token",
        () -> Http.get(userOnB, "Authorization", "token " + token).statusCode() == 401);
  }

  @Test
  void concurrentIssueCreationsOnBothNodesAllSucceedWithDistinctNumbers() throws Exception {
    on(a, RepoService.class).create(alice, "alice", "busy", "", false, false, null);
    String token = on(a, AccessTokenService.class).createToken(alice, "nodes-issues", List.of("all")).plaintext();
    int perNode = 200;
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<HttpResponse<String>>> answers = new ArrayList<>();
      CountDownLatch go = new CountDownLatch(1);
      for (int i = 0; i < perNode * 2; i++) {
        HostServer node = i % 2 == 0 ? a : b;
        String title = "issue " + i;
        answers.add(pool.submit(() -> {
          go.await();
          return Http.postJson(node.baseUrl() + "api/v1/repos/alice/busy/issues",
              "{\"title\":\"" + title + "\"}", "Authorization", "token " + token);
        }));
      }
      go.countDown();
      Set<Long> numbers = new HashSet<>();
      for (Future<HttpResponse<String>> f : answers) {
        HttpResponse<String> r = f.get(120, TimeUnit.SECONDS);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        numbers.add(JSON.readTree(r.body()).get("number").asLong());
      }
      assertThat(numbers).hasSize(perNode * 2);
      assertThat(numbers).allMatch(n -> n >= 1 && n <= perNode * 2);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aSessionStartedOnOneNodeWorksOnTheOtherAndSigningOutEndsItThere() {
    HttpResponse<String> form = Http.get(a.baseUrl() + "user/login");
    String loginCookie = cookie(form, "samplehost_login_csrf");
    String token = find(form.body(), "name=\"_csrf\" value=\"([0-9a-f]+)\"");
    HttpResponse<String> post = Http.postForm(a.baseUrl() + "user/login",
        "_csrf=" + token + "&user_name=bob&password=" + enc("tidings-bob") + "&redirect_to=/",
        "Cookie", "samplehost_login_csrf=" + loginCookie);
    assertThat(post.statusCode()).isEqualTo(303);
    String session = "samplehost_session=" + cookie(post, "samplehost_session");

    HttpResponse<String> settingsOnB = Http.get(b.baseUrl() + "user/settings", "Cookie", session);
    assertThat(settingsOnB.statusCode()).as("signed in on node B too").isEqualTo(200);
    assertThat(settingsOnB.body()).contains("bob");
    String csrf = find(Http.get(a.baseUrl() + "user/settings", "Cookie", session).body(),
        "data-host-csrf=\"([0-9a-f]+)\"");

    assertThat(Http.postForm(a.baseUrl() + "user/logout", "_csrf=" + csrf, "Cookie", session).statusCode())
        .isEqualTo(303);
    HttpResponse<String> afterOnB = Http.get(b.baseUrl() + "user/settings", "Cookie", session);
    assertThat(afterOnB.statusCode()).as("signed out on node B at once (sessions live in the database)")
        .isIn(302, 303);
    assertThat(afterOnB.headers().firstValue("Location").orElseThrow()).contains("/user/login");
  }

  @Test
  void racingPushesThroughBothNodesLeaveOneWinnerAndASoundRepository() throws Exception {
    Requirements.git();
    on(a, RepoService.class).create(alice, "alice", "raced", "", false, true, "main");
    GitCli git = new GitCli(tmp).withHome(tmp.resolve("home"));
    GitCli viaA = git.in(tmp.resolve("clone-a")).cloneFrom(pushUrl(a));
    GitCli viaB = git.in(tmp.resolve("clone-b")).cloneFrom(pushUrl(b));
    int rejections = 0;
    for (int round = 0; round < 5; round++) {
      catchUp(viaA);
      catchUp(viaB);
      String fromA = viaA.commit("round " + round + " via A");
      String fromB = viaB.commit("round " + round + " via B");
      List<GitCli.Result> results = pushTogether(viaA, viaB);
      long won = results.stream().filter(GitCli.Result::ok).count();
      assertThat(won).as("exactly one push of two on the same parent wins: " + results).isEqualTo(1);
      GitCli.Result lost = results.get(0).ok() ? results.get(1) : results.get(0);
      // Seen here: "[remote rejected] main -> main (failed to lock)" or "(invalid old id sent)" when
      // both reach the server, "[rejected] ... (fetch first)" when git saw the winner's ref first.
      assertThat(lost.stderr()).as("the loser gets a clean git rejection").contains("rejected");
      rejections++;
      String winner = results.get(0).ok() ? fromA : fromB;
      assertThat(serverHead("raced")).isEqualTo(winner);
    }
    assertThat(rejections).isEqualTo(5);

    // Pushes to different branches at the same time both land.
    catchUp(viaA);
    catchUp(viaB);
    viaA.check("checkout", "-q", "-b", "topic-a");
    viaB.check("checkout", "-q", "-b", "topic-b");
    viaA.commit("branch a");
    viaB.commit("branch b");
    List<GitCli.Result> both = pushTogether(viaA, viaB, "HEAD");
    assertThat(both).as("different branches: " + both).allMatch(GitCli.Result::ok);

    Path bare = a.config().repositoriesDir().resolve("alice").resolve("raced.git");
    GitCli.Result fsck = git.in(tmp).run("--git-dir=" + bare, "fsck", "--full", "--strict");
    assertThat(fsck.ok()).as(fsck.stderr() + fsck.stdout()).isTrue();
  }

  /** Drops a commit that lost its race: the clone starts again from the server's main. */
  private static void catchUp(GitCli clone) {
    clone.check("fetch", "-q", "origin");
    clone.check("reset", "-q", "--hard", "origin/main");
  }

  private static String pushUrl(HostServer node) {
    return node.baseUrl().replace("http://", "http://alice:tidings-alice@") + "alice/raced.git";
  }

  private static String serverHead(String name) throws Exception {
    try (var repo = on(b, dev.samplehost.server.git.GitStore.class).open("alice", name)) {
      ObjectId id = repo.exactRef(Constants.R_HEADS + "main").getObjectId();
      return id.name();
    }
  }

  private static List<GitCli.Result> pushTogether(GitCli first, GitCli second) throws Exception {
    return pushTogether(first, second, "main");
  }

  /** Both pushes of {@code refspec} start at the same moment (one thread each). */
  private static List<GitCli.Result> pushTogether(GitCli first, GitCli second, String refspec) throws Exception {
    ExecutorService two = Executors.newFixedThreadPool(2);
    try {
      CountDownLatch go = new CountDownLatch(1);
      Future<GitCli.Result> f1 = two.submit(() -> {
        go.await();
        return first.run("push", "origin", refspec);
      });
      Future<GitCli.Result> f2 = two.submit(() -> {
        go.await();
        return second.run("push", "origin", refspec);
      });
      go.countDown();
      return List.of(f1.get(120, TimeUnit.SECONDS), f2.get(120, TimeUnit.SECONDS));
    } finally {
      two.shutdownNow();
    }
  }
}
