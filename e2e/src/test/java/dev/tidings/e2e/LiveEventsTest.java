package dev.tidings.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidings.testing.git.GitCli;
import dev.tidings.testing.support.Received;
import dev.tidings.testing.support.SseClient;
import dev.tidings.testing.support.WsClient;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3 "done when": every real {@code git push} to alice/demo reaches a WebSocket subscriber of
 * {@code repo:alice/demo} live with the right commits, and the same over SSE and long-poll.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveEventsTest {
  private static final String CHANNEL = "repo:alice/demo";

  private E2eHost host;
  private GitCli work;

  @BeforeAll
  void start(@TempDir Path temp) throws Exception {
    host = E2eHost.start(temp.resolve("host"));
    work = E2eHost.git(temp).in(temp.resolve("demo"))
        .cloneFrom(host.gitUrl("alice", "tidings-alice", "alice/demo"));
  }

  @AfterAll
  void stop() {
    if (host != null) {
      host.close();
    }
  }

  @Test
  void eachGitPushArrivesLiveOnAWebSocketWithItsCommits() throws Exception {
    try (WsClient ws = WsClient.connect(host.wsUri(), null, null)) {
      JsonNode subscribed = ws.subscribeOk(CHANNEL);
      assertThat(subscribed.path("epoch").asText()).isNotEmpty();
      long offset = subscribed.path("offset").asLong();

      // One push with two commits: listed newest first, with ids and messages.
      String first = work.commit("ws: first of two");
      String second = work.commit("ws: second of two");
      work.push("origin", "main");
      JsonNode push = awaitPush(ws, second).json();
      assertThat(push.path("offset").asLong()).isEqualTo(offset + 1);
      JsonNode data = push.path("data");
      assertThat(data.path("ref").asText()).isEqualTo("refs/heads/main");
      assertThat(data.path("total_commits").asInt()).isEqualTo(2);
      assertThat(data.path("commits").get(0).path("id").asText()).isEqualTo(second);
      assertThat(data.path("commits").get(0).path("message").asText()).isEqualTo("ws: second of two");
      assertThat(data.path("commits").get(1).path("id").asText()).isEqualTo(first);
      assertThat(data.path("commits").get(1).path("message").asText()).isEqualTo("ws: first of two");
      assertThat(data.path("forced").asBoolean()).isFalse();
      assertThat(data.path("pusher").path("login").asText()).isEqualTo("alice");

      // Then a few single-commit pushes, each live, timed from both ends of `git push`.
      List<Long> fromStart = new ArrayList<>();
      List<Long> fromReturn = new ArrayList<>();
      for (int i = 1; i <= 5; i++) {
        String sha = work.commit("ws: push " + i);
        long before = System.nanoTime();
        work.push("origin", "main");
        long returned = System.nanoTime();
        Received got = awaitPush(ws, sha);
        assertThat(got.json().path("offset").asLong()).isEqualTo(offset + 1 + i);
        assertThat(got.json().path("data").path("commits").get(0).path("message").asText()).isEqualTo("ws: push " + i);
        fromStart.add(got.nanos() - before);
        fromReturn.add(got.nanos() - returned);
      }
      assertThat(ws.events(CHANNEL)).hasSize(6);
      System.out.printf("LiveEventsTest push-to-WebSocket-receipt latency over %d pushes: median %.1f ms from "
          + "`git push` start (all: %s), median %.1f ms after `git push` returned (all: %s)%n",
          fromStart.size(), medianMs(fromStart), ms(fromStart), medianMs(fromReturn), ms(fromReturn));
    }
  }

  @Test
  void eachGitPushArrivesOnAnSseStream() throws Exception {
    try (SseClient sse = SseClient.open(host.sseUri(), null, null, null, CHANNEL)) {
      assertThat(sse.status()).as("SSE answer: %s", sse.errorBody()).isEqualTo(200);
      assertThat(sse.contentType()).startsWith("text/event-stream");
      Received subscribed = sse.await("subscribed", m -> m.type().equals("subscribed"));
      assertThat(subscribed.json().path("channel").asText()).isEqualTo(CHANNEL);
      assertThat(subscribed.sseId()).as("subscribed carries a cursor id").isNotEmpty();
      for (int i = 1; i <= 3; i++) {
        String sha = work.commit("sse: push " + i);
        work.push("origin", "main");
        Received got = sse.await("push " + sha, m -> m.isEventOn(CHANNEL) && isPushOf(m, sha));
        assertThat(got.json().path("data").path("commits").get(0).path("message").asText()).isEqualTo("sse: push " + i);
        assertThat(got.sseId()).as("event carries a cursor id").isNotEmpty();
      }
      assertThat(sse.lines()).contains("retry: 2000");
      assertThat(sse.events(CHANNEL)).hasSize(3);
    }
  }

  @Test
  void longPollReturnsAWaitingEventAtOnceAndHoldsUntilTheNextPush() throws Exception {
    String path = "plugins/tidings/poll?channel=" + URLEncoder.encode(CHANNEL, StandardCharsets.UTF_8);
    Rest anon = Rest.anonymous(host);
    Rest.Answer now = anon.get(path + "&timeout=0");
    assertThat(now.status()).as("%s", now).isEqualTo(200);
    String cursor = now.json().path("cursor").asText();
    assertThat(cursor).isNotEmpty();

    // An event that is already waiting comes back at once.
    String sha = work.commit("poll: waiting");
    work.push("origin", "main");
    Rest.Answer waiting = anon.get(path + "&timeout=20&cursor=" + cursor);
    assertThat(waiting.status()).as("%s", waiting).isEqualTo(200);
    assertThat(pushesIn(waiting.json())).containsExactly(sha);
    assertThat(waiting.json().path("channels").path(CHANNEL).path("recovered").asBoolean()).isTrue();
    cursor = waiting.json().path("cursor").asText();

    // A poll with nothing waiting is held, and answers when the next push lands.
    HttpRequest held = HttpRequest.newBuilder(host.uri(path + "&timeout=30&cursor=" + cursor))
        .timeout(Duration.ofSeconds(60)).GET().build();
    CompletableFuture<HttpResponse<String>> answer = Rest.CLIENT.sendAsync(held, HttpResponse.BodyHandlers.ofString());
    String next = work.commit("poll: held");
    work.push("origin", "main");
    HttpResponse<String> r = answer.get(45, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(pushesIn(Json.parse(r.body()))).containsExactly(next);
  }

  private static List<String> pushesIn(JsonNode poll) {
    List<String> shas = new ArrayList<>();
    poll.path("events").forEach(e -> {
      if (e.path("event").asText().equals("push")) {
        shas.add(e.path("data").path("after").asText());
      }
    });
    return shas;
  }

  /**
   * A merge that deletes its head branch: the base's push lists only the merge commit, as when the
   * branch is kept. The host reports both updates after the fact, and the head branch was already
   * gone when the base's push was reported, so its commits used to count as new (and a commit
   * mentioning someone notified them again).
   */
  @Test
  void aMergeThatDeletesItsHeadBranchListsOnlyTheMergeCommitOnTheBase() throws Exception {
    try (WsClient ws = WsClient.connect(host.wsUri(), null, null)) {
      ws.subscribeOk(CHANNEL);
      work.check("checkout", "-q", "-b", "delete-after-merge");
      String feature = work.commit("feature: thanks @bob");
      work.push("origin", "delete-after-merge");
      awaitPush(ws, feature);
      work.check("checkout", "-q", "main");
      // Another file than the one commit() appends to: the merge is clean and makes a merge commit.
      java.nio.file.Files.writeString(work.dir().resolve("elsewhere.txt"), "main moves on\n");
      work.check("add", "elsewhere.txt");
      work.check("commit", "-q", "-m", "main moves on");
      String moved = work.head();
      work.push("origin", "main");
      awaitPush(ws, moved);

      Rest alice = Rest.alice(host);
      Rest.Answer pr = alice.post("api/v1/repos/alice/demo/pulls",
          "{\"title\":\"Delete after merge\",\"head\":\"delete-after-merge\",\"base\":\"main\"}");
      assertThat(pr.status()).as("%s", pr).isEqualTo(201);
      long number = pr.json().path("number").asLong();
      Rest.Answer merge = alice.post("api/v1/repos/alice/demo/pulls/" + number + "/merge",
          "{\"Do\":\"merge\",\"delete_branch_after_merge\":true}");
      assertThat(merge.status()).as("%s", merge).isEqualTo(200);
      String mergeSha = alice.get("api/v1/repos/alice/demo/pulls/" + number).json().path("merge_commit_sha").asText();

      JsonNode push = awaitPush(ws, mergeSha).json().path("data");
      assertThat(push.path("ref").asText()).isEqualTo("refs/heads/main");
      assertThat(push.path("total_commits").asInt()).isEqualTo(1);
      assertThat(push.path("commits")).hasSize(1);
      assertThat(push.path("commits").get(0).path("id").asText()).isEqualTo(mergeSha);
      ws.await("the head branch's deletion", m -> m.isEventOn(CHANNEL)
          && m.json().path("event").asText().equals("branch.deleted")
          && m.json().path("data").path("ref").asText().endsWith("delete-after-merge"));
      assertThat(ws.events(CHANNEL)).noneMatch(m -> m.json().path("event").asText().equals("push")
          && m.json().path("data").path("ref").asText().equals("refs/heads/main")
          && m.json().path("data").path("commits").findValuesAsText("id").contains(feature));
    }
  }

  static Received awaitPush(WsClient ws, String sha) {
    return ws.await("push event for " + sha, m -> m.isEventOn(CHANNEL) && isPushOf(m, sha));
  }

  static boolean isPushOf(Received m, String sha) {
    return m.json().path("event").asText().equals("push") && m.json().path("data").path("after").asText().equals(sha);
  }

  static double medianMs(List<Long> nanos) {
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    int n = sorted.size();
    double mid = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    return mid / 1_000_000.0;
  }

  static String ms(List<Long> nanos) {
    return nanos.stream().map(n -> String.format("%.1f", n / 1_000_000.0)).toList().toString();
  }
}
