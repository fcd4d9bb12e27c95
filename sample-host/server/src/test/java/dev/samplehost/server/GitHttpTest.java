package dev.samplehost.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samplehost.api.Permission;
import dev.samplehost.server.domain.Repository;
import dev.samplehost.server.domain.User;
import dev.samplehost.server.git.GitStore;
import dev.samplehost.server.service.RepoService;
import dev.samplehost.server.service.UserService;
import dev.samplehost.server.testing.Http;
import dev.tidings.testing.git.GitCli;
import dev.tidings.testing.support.BasicAuth;
import dev.tidings.testing.support.HostTest;
import dev.tidings.testing.support.Requirements;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real git CLI against the host over smart HTTP: clone, push, tags, deletes, force, and access rules. */
@HostTest
class GitHttpTest {
  @TempDir
  static Path tmp;
  static HostServer host;
  static GitCli git;

  @BeforeAll
  static void start() throws Exception {
    Requirements.git();
    host = HostServer.builder().bind("127.0.0.1").port(0).dataDir(tmp.resolve("data")).demo(true).build();
    host.start();
    git = new GitCli(tmp).withHome(tmp.resolve("home"));
  }

  @AfterAll
  static void stop() {
    if (host != null) {
      host.stop();
    }
  }

  private static String url(String user, String password, String repo) {
    String base = host.baseUrl();
    if (user == null) {
      return base + repo + ".git";
    }
    return base.replace("http://", "http://" + user + ":" + password + "@") + repo + ".git";
  }

  private static ObjectId serverRef(String owner, String name, String ref) throws IOException {
    try (var repo = host.injector().getInstance(GitStore.class).open(owner, name)) {
      var r = repo.exactRef(ref);
      return r == null ? null : r.getObjectId();
    }
  }

  @Test
  void cloneCommitPushBranchTagDeleteAndForcePush() throws Exception {
    Path work = tmp.resolve("alice-work");
    git.in(tmp).check("clone", url("alice", "tidings-alice", "alice/demo"), work.toString());
    assertThat(work.resolve("README.md")).exists();

    Files.writeString(work.resolve("hello.txt"), "hello\n");
    git.in(work).check("add", "hello.txt");
    git.in(work).check("commit", "-m", "Add hello");
    git.in(work).check("push", "origin", "main");
    String head = git.in(work).check("rev-parse", "HEAD");
    assertThat(serverRef("alice", "demo", "refs/heads/main").name()).isEqualTo(head);

    git.in(work).check("checkout", "-b", "feature");
    Files.writeString(work.resolve("feature.txt"), "feature\n");
    git.in(work).check("add", "feature.txt");
    git.in(work).check("commit", "-m", "Feature work");
    git.in(work).check("push", "origin", "feature");
    assertThat(serverRef("alice", "demo", "refs/heads/feature").name())
        .isEqualTo(git.in(work).check("rev-parse", "HEAD"));

    git.in(work).check("tag", "-a", "v1.0", "-m", "Release 1.0");
    git.in(work).check("push", "origin", "v1.0");
    assertThat(serverRef("alice", "demo", "refs/tags/v1.0")).isNotNull();

    git.in(work).check("push", "origin", "--delete", "feature");
    assertThat(serverRef("alice", "demo", "refs/heads/feature")).isNull();

    git.in(work).check("checkout", "main");
    git.in(work).check("reset", "--hard", "HEAD~1");
    Files.writeString(work.resolve("rewritten.txt"), "rewritten\n");
    git.in(work).check("add", "rewritten.txt");
    git.in(work).check("commit", "-m", "Rewritten history");
    assertThat(git.in(work).run("push", "origin", "main").ok()).as("non-fast-forward without --force").isFalse();
    git.in(work).check("push", "--force", "origin", "main");
    assertThat(serverRef("alice", "demo", "refs/heads/main").name())
        .isEqualTo(git.in(work).check("rev-parse", "HEAD"));
  }

  @Test
  void anonymousCanCloneAPublicRepoButNotPush() throws Exception {
    Path work = tmp.resolve("anon-work");
    git.in(tmp).check("clone", url(null, null, "alice/demo"), work.toString());
    ObjectId before = serverRef("alice", "demo", "refs/heads/main");
    Files.writeString(work.resolve("anon.txt"), "anon\n");
    git.in(work).check("add", "anon.txt");
    git.in(work).check("commit", "-m", "Anonymous change");
    GitCli.Result push = git.in(work).run("push", "origin", "HEAD:refs/heads/anon");
    assertThat(push.ok()).isFalse();
    assertThat(serverRef("alice", "demo", "refs/heads/anon")).isNull();
    assertThat(serverRef("alice", "demo", "refs/heads/main")).isEqualTo(before);
    var receive = Http.get(host.baseUrl() + "alice/demo.git/info/refs?service=git-receive-pack");
    assertThat(receive.statusCode()).isEqualTo(401);
    assertThat(receive.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
  }

  @Test
  void thePageUrlWithoutDotGitClonesToo() {
    Path work = tmp.resolve("no-dot-git");
    git.in(tmp).check("clone", host.baseUrl() + "alice/demo", work.toString());
    assertThat(work.resolve("README.md")).exists();
  }

  @Test
  void wrongPasswordGets401() {
    var r = Http.get(host.baseUrl() + "alice/demo.git/info/refs?service=git-upload-pack",
        "Authorization", BasicAuth.basic("alice", "wrong-password"));
    assertThat(r.statusCode()).isEqualTo(401);
    // A public repository never asks git for credentials, so try the private one.
    GitCli.Result clone = git.in(tmp)
        .run("clone", url("alice", "wrong-password", "acme/secret"), tmp.resolve("nope").toString());
    assertThat(clone.ok()).isFalse();
    assertThat(clone.stderr()).contains("Authentication failed");
  }

  @Test
  void bobCannotSeeAcmeSecret() {
    GitCli.Result clone = git.in(tmp)
        .run("clone", url("bob", "tidings-bob", "acme/secret"), tmp.resolve("bob-secret").toString());
    assertThat(clone.ok()).isFalse();
    assertThat(clone.stderr()).containsIgnoringCase("not found");
    var asBob = Http.get(host.baseUrl() + "acme/secret.git/info/refs?service=git-upload-pack",
        "Authorization", BasicAuth.basic("bob", "tidings-bob"));
    assertThat(asBob.statusCode()).isEqualTo(404);
    var anonymous = Http.get(host.baseUrl() + "acme/secret.git/info/refs?service=git-upload-pack");
    assertThat(anonymous.statusCode()).isEqualTo(401);
    // alice is an acme member and can clone it.
    git.in(tmp).check("clone", url("alice", "tidings-alice", "acme/secret"), tmp.resolve("alice-secret").toString());
  }

  @Test
  void bobCanPushOnlyAfterBecomingACollaborator() throws Exception {
    RepoService repos = host.injector().getInstance(RepoService.class);
    UserService users = host.injector().getInstance(UserService.class);
    Repository demo = repos.create(users.get("alice"), "alice", "bobs-turn", "", false, true, "main");
    Path work = tmp.resolve("bob-work");
    git.in(tmp).check("clone", url("bob", "tidings-bob", "alice/bobs-turn"), work.toString());
    Files.writeString(work.resolve("bob.txt"), "bob\n");
    git.in(work).check("add", "bob.txt");
    git.in(work).check("commit", "-m", "Bob was here");
    GitCli.Result refused = git.in(work).run("push", "origin", "main");
    assertThat(refused.ok()).isFalse();
    assertThat(refused.stderr()).contains("You do not have write access to alice/bobs-turn");

    User alice = users.get("alice");
    User bob = users.get("bob");
    repos.addCollaborator(alice, demo, bob, Permission.WRITE);
    git.in(work).check("push", "origin", "main");
    assertThat(serverRef("alice", "bobs-turn", "refs/heads/main").name())
        .isEqualTo(git.in(work).check("rev-parse", "HEAD"));
  }
}
