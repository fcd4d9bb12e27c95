package dev.tidings.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidings.testing.git.GitCli;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line watcher as a user runs it: {@code java -jar tidings-cli.jar watch alice/demo}
 * against the real host with the drop-in jar, real git pushes, its human lines and {@code --json}
 * output, reconnect and resume through a connection that is cut, {@code --since}, and its exit codes.
 */
class CliWatchTest {

  private static String token(E2eHost host) {
    Rest.Answer made = Rest.alice(host).post("api/v1/users/alice/tokens", "{\"name\":\"cli-" + System.nanoTime()
        + "\",\"scopes\":[\"all\"]}");
    assertThat(made.status()).as("%s", made).isEqualTo(201);
    return made.json().path("sha1").asText();
  }

  @Test
  void humanLinesAndJsonForPushesAndBranchesThenANormalEnd(@TempDir Path temp) throws Exception {
    try (E2eHost host = E2eHost.start(temp.resolve("host"))) {
      Map<String, String> env = Map.of("TIDINGS_TOKEN", token(host));
      GitCli work = E2eHost.git(temp).in(temp.resolve("demo")).cloneFrom(host.gitUrl("alice", "tidings-alice", "alice/demo"));
      try (CliProcess human = CliProcess.start(temp.resolve("human"), env, "watch", "alice/demo", "--url", host.baseUrl(), "--count", "3");
          CliProcess json = CliProcess.start(temp.resolve("json"), env, "watch", "alice/demo", "--url", host.baseUrl(), "--json")) {
        human.awaitStderr("watching repo:alice/demo from offset");
        json.awaitStderr("watching repo:alice/demo from offset");

        String sha = work.commit("cli: first \u001b[31mred");
        work.push("origin", "main");
        work.push("origin", "main:refs/heads/feature");
        work.push("origin", ":refs/heads/feature");

        assertThat(human.exitCode(60)).as("--count 3 reached").isZero();
        String s7 = sha.substring(0, 7);
        assertThat(human.stdoutLines()).hasSize(3);
        assertThat(human.stdoutLines().get(0)).matches("\\d\\d:\\d\\d:\\d\\d alice/demo push main 1 commit by alice: \"cli: first \\?\\[31mred\"");
        assertThat(human.stdoutLines().get(1)).matches("\\d\\d:\\d\\d:\\d\\d alice/demo branch created feature at " + s7 + " by alice");
        assertThat(human.stdoutLines().get(2)).matches("\\d\\d:\\d\\d:\\d\\d alice/demo branch deleted feature \\(was " + s7 + "\\) by alice");

        json.awaitLines(3);
        List<JsonNode> envelopes = json.stdoutLines().stream().map(Json::parse).toList();
        assertThat(envelopes).extracting(e -> e.path("event").asText()).containsExactly("push", "branch.created", "branch.deleted");
        assertThat(envelopes).allSatisfy(e -> {
          assertThat(e.path("type").asText()).isEqualTo("event");
          assertThat(e.path("channel").asText()).isEqualTo("repo:alice/demo");
        });
        long first = envelopes.get(0).path("offset").asLong();
        assertThat(envelopes).extracting(e -> e.path("offset").asLong()).containsExactly(first, first + 1, first + 2);
        assertThat(envelopes.get(0).path("data").path("after").asText()).isEqualTo(sha);
        json.interrupt();
        assertThat(json.exitCode(30)).as("Ctrl-C (SIGTERM) ends normally").isZero();
      }
    }
  }

  @Test
  void issuesAndTheSignedInUsersNotificationsArePrinted(@TempDir Path temp) throws Exception {
    try (E2eHost host = E2eHost.start(temp.resolve("host"));
        CliProcess cli = CliProcess.start(temp.resolve("watch"), Map.of("TIDINGS_TOKEN", token(host)),
            "watch", "alice/demo", "--issues", "--notifications", "--url", host.baseUrl(), "--count", "2")) {
      cli.awaitStderr("watching repo:alice/demo/issues from offset");
      cli.awaitStderr("watching user:alice from offset");
      Rest.Answer issue = Rest.bob(host).post("api/v1/repos/alice/demo/issues",
          Json.write(Json.object().put("title", "Crash on start").put("body", "ping @alice")));
      assertThat(issue.status()).as("%s", issue).isEqualTo(201);
      long number = issue.json().path("number").asLong();
      assertThat(cli.exitCode(60)).as(cli.stderr()).isZero();
      // Two channels: their events may come in either order.
      assertThat(cli.stdoutLines()).hasSize(2).anyMatch(l -> l.matches(
          "\\d\\d:\\d\\d:\\d\\d alice/demo issue #" + number + " opened by bob: \"Crash on start\""))
          .anyMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d notification \\[mention\\] alice/demo Issue \"Crash on start\" \\(unread \\d+\\)"));
    }
  }

  @Test
  void aCutConnectionIsResumedWithoutLossOrDuplicatesAndSinceReplays(@TempDir Path temp) throws Exception {
    try (E2eHost host = E2eHost.start(temp.resolve("host"));
        DroppingProxy proxy = new DroppingProxy(host.server().port())) {
      Map<String, String> env = Map.of("TIDINGS_TOKEN", token(host));
      GitCli work = E2eHost.git(temp).in(temp.resolve("demo")).cloneFrom(host.gitUrl("alice", "tidings-alice", "alice/demo"));
      try (CliProcess cli = CliProcess.start(temp.resolve("watch"), env, "watch", "alice/demo",
          "--url", "http://127.0.0.1:" + proxy.port() + "/", "--count", "4", "--retry-delay", "100", "--max-retries", "100")) {
        cli.awaitStderr("watching repo:alice/demo from offset");
        Matcher m = Pattern.compile("watching repo:alice/demo from offset (\\d+) \\(epoch (\\w+)\\)").matcher(cli.stderr());
        assertThat(m.find()).as(cli.stderr()).isTrue();
        long start = Long.parseLong(m.group(1));
        String epoch = m.group(2);

        work.commit("cli: A");
        work.push("origin", "main");
        cli.awaitLines(1);

        proxy.cut();
        work.commit("cli: B (while cut off)");
        work.push("origin", "main");
        work.commit("cli: C (while cut off)");
        work.push("origin", "main");
        cli.awaitStderr("reconnecting in");
        proxy.restore();
        cli.awaitStderr("resumed repo:alice/demo after offset " + (start + 1) + " (2 events to catch up)");
        work.commit("cli: D (live again)");
        work.push("origin", "main");

        assertThat(cli.exitCode(60)).as(cli.stderr()).isZero();
        List<String> lines = cli.stdoutLines();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).endsWith("by alice: \"cli: A\"");
        assertThat(lines.get(1)).endsWith("by alice: \"cli: B (while cut off)\"");
        assertThat(lines.get(2)).endsWith("by alice: \"cli: C (while cut off)\"");
        assertThat(lines.get(3)).endsWith("by alice: \"cli: D (live again)\"");

        // --since: the events after A are replayed, in order, then the CLI ends at --count.
        try (CliProcess since = CliProcess.start(temp.resolve("since"), env, "watch", "alice/demo", "--url", host.baseUrl(),
            "--json", "--since", String.valueOf(start + 1), "--count", "3");
            CliProcess sinceWithEpoch = CliProcess.start(temp.resolve("since-epoch"), env, "watch", "alice/demo",
                "--url", host.baseUrl(), "--json", "--since", epoch + ":" + (start + 3), "--count", "1")) {
          assertThat(since.exitCode(60)).as(since.stderr()).isZero();
          assertThat(since.stdoutLines()).extracting(l -> Json.parse(l).path("offset").asLong())
              .containsExactly(start + 2, start + 3, start + 4);
          assertThat(since.stdoutLines()).extracting(l -> Json.parse(l).path("data").path("commits").path(0).path("message").asText())
              .containsExactly("cli: B (while cut off)", "cli: C (while cut off)", "cli: D (live again)");
          assertThat(sinceWithEpoch.exitCode(60)).as(sinceWithEpoch.stderr()).isZero();
          assertThat(sinceWithEpoch.stdoutLines()).extracting(l -> Json.parse(l).path("offset").asLong()).containsExactly(start + 4);
        }
      }
    }
  }

  @Test
  void badCredentialsForbiddenChannelsUnreachableServersAndTokensOnTheCommandLineHaveTheirExitCodes(@TempDir Path temp)
      throws Exception {
    try (E2eHost host = E2eHost.start(temp.resolve("host"))) {
      try (CliProcess badToken = CliProcess.start(temp.resolve("bad"), Map.of("TIDINGS_TOKEN", "not-a-token"),
              "watch", "alice/demo", "--url", host.baseUrl());
          CliProcess secret = CliProcess.start(temp.resolve("secret"), Map.of(), "watch", "acme/secret", "--url", host.baseUrl());
          CliProcess missing = CliProcess.start(temp.resolve("missing"), Map.of("TIDINGS_TOKEN", token(host)),
              "watch", "alice/no-such-repo", "--url", host.baseUrl());
          CliProcess anonymousNotifications = CliProcess.start(temp.resolve("anon"), Map.of(),
              "watch", "--notifications", "--url", host.baseUrl());
          CliProcess onCommandLine = CliProcess.start(temp.resolve("cmdline"), Map.of(),
              "watch", "alice/demo", "--url", host.baseUrl(), "--token", "abc");
          CliProcess unreachable = CliProcess.start(temp.resolve("down"), Map.of(),
              "watch", "alice/demo", "--url", "http://127.0.0.1:" + freePort() + "/", "--max-retries", "2", "--retry-delay", "50")) {
        assertThat(badToken.exitCode(60)).as(badToken.stderr()).isEqualTo(3);
        assertThat(badToken.stderr()).contains("refused the credentials").contains("401");
        assertThat(secret.exitCode(60)).as(secret.stderr()).isEqualTo(4);
        assertThat(secret.stderr()).contains("Cannot watch repo:acme/secret");
        assertThat(missing.exitCode(60)).as(missing.stderr()).isEqualTo(4);
        assertThat(anonymousNotifications.exitCode(60)).as(anonymousNotifications.stderr()).isEqualTo(3);
        assertThat(onCommandLine.exitCode(60)).isEqualTo(2);
        assertThat(onCommandLine.stderr()).contains("never taken from the command line");
        assertThat(unreachable.exitCode(60)).as(unreachable.stderr()).isEqualTo(5);
        assertThat(unreachable.stderr()).contains("gave up after 2 retries");
      }
    }
  }

  private static int freePort() throws Exception {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
