package dev.tidings.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidings.testing.git.GitCli;
import dev.tidings.testing.support.Await;
import dev.tidings.testing.support.Received;
import dev.tidings.testing.support.WsClient;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4 "done when": bob watches alice/demo, alice pushes, bob's unread count and inbox show a
 * {@code subscribed} thread and his open WebSocket on {@code user:bob} gets it live; alice mentions
 * bob in a PR comment and bob gets a {@code mention} thread.
 */
class NotificationsTest {

  @Test
  void aWatcherGetsPushesAndMentionsInTheInboxAndLive(@TempDir Path temp) throws Exception {
    try (E2eHost host = E2eHost.start(temp.resolve("host"));
        WsClient bobLive = WsClient.connect(host.wsUri(), "bob", "tidings-bob")) {
      Rest bob = Rest.bob(host);
      Rest alice = Rest.alice(host);
      GitCli work = E2eHost.git(temp).in(temp.resolve("demo"))
          .cloneFrom(host.gitUrl("alice", "tidings-alice", "alice/demo"));

      Rest.Answer watch = bob.put("api/v1/repos/alice/demo/subscription", null);
      assertThat(watch.status()).as("%s", watch).isEqualTo(200);
      assertThat(watch.json().path("subscribed").asBoolean()).isTrue();
      assertThat(bob.get("api/v1/repos/alice/demo/subscription").status()).isEqualTo(200);
      bobLive.subscribeOk("user:bob");
      assertThat(unread(bob)).isZero();

      String sha = work.commit("notify: a push bob watches");
      work.push("origin", "main");

      Received live = bobLive.await("a notification on user:bob", m -> m.isEventOn("user:bob")
          && m.json().path("event").asText().equals("notification"));
      JsonNode liveThread = live.json().path("data").path("thread");
      assertThat(liveThread.path("repository").path("full_name").asText()).isEqualTo("alice/demo");
      assertThat(liveThread.path("reason").asText()).isEqualTo("subscribed");
      assertThat(live.json().path("data").path("unread_count").asInt()).isEqualTo(1);

      assertThat(unread(bob)).isEqualTo(1);
      Rest.Answer list = bob.get("api/v1/notifications");
      assertThat(list.status()).as("%s", list).isEqualTo(200);
      JsonNode pushThread = find(list.json(), t -> t.path("subject").path("type").asText().equals("Repository"))
          .orElseThrow(() -> new AssertionError("no Repository thread for the push in " + list));
      assertThat(pushThread.path("reason").asText()).isEqualTo("subscribed");
      assertThat(pushThread.path("unread").asBoolean()).isTrue();
      assertThat(pushThread.path("repository").path("full_name").asText()).isEqualTo("alice/demo");
      assertThat(pushThread.path("id").asLong()).isEqualTo(liveThread.path("id").asLong());
      assertThat(sha).isNotEmpty();

      // alice pushes a branch, opens a PR over REST and mentions bob in a comment.
      work.check("checkout", "-q", "-b", "feature");
      work.commit("notify: feature work");
      work.push("origin", "feature");
      Rest.Answer pr = alice.post("api/v1/repos/alice/demo/pulls",
          "{\"head\":\"feature\",\"base\":\"main\",\"title\":\"Feature for review\",\"body\":\"Please have a look\"}");
      assertThat(pr.status()).as("%s", pr).isEqualTo(201);
      long number = pr.json().path("number").asLong();
      Rest.Answer comment = alice.post("api/v1/repos/alice/demo/issues/" + number + "/comments",
          "{\"body\":\"@bob what do you think?\"}");
      assertThat(comment.status()).as("%s", comment).isEqualTo(201);

      Received mentionLive = bobLive.await("a mention notification on user:bob", m -> m.isEventOn("user:bob")
          && m.json().path("data").path("thread").path("reason").asText().equals("mention"));
      assertThat(mentionLive.json().path("data").path("thread").path("subject").path("type").asText()).isEqualTo("Pull");
      JsonNode mention = Await.until("bob's inbox lists a mention thread for PR #" + number,
          () -> find(bob.get("api/v1/notifications").json(), t -> t.path("reason").asText().equals("mention")));
      assertThat(mention.path("subject").path("type").asText()).isEqualTo("Pull");
      assertThat(mention.path("subject").path("title").asText()).isEqualTo("Feature for review");
      assertThat(mention.path("subject").path("html_url").asText()).endsWith("alice/demo/pulls/" + number);
      assertThat(mention.path("unread").asBoolean()).isTrue();
      // Pushes to main, pushes to feature (one Repository thread per branch) and the PR.
      assertThat(unread(bob)).isEqualTo(3);
      for (String path : new String[] {"api/v1/notifications", "api/v1/repos/alice/demo/notifications"}) {
        Rest.Answer all = bob.get(path);
        assertThat(all.json()).as("%s", all).hasSize(3);
        assertThat(all.headers().firstValue("X-Total-Count")).as("X-Total-Count of GET /%s", path).contains("3");
      }

      // alice (the actor) gets nothing for her own actions.
      assertThat(unread(alice)).isZero();
    }
  }

  private static int unread(Rest user) {
    Rest.Answer a = user.get("api/v1/notifications/new");
    assertThat(a.status()).as("%s", a).isEqualTo(200);
    return a.json().path("new").asInt();
  }

  private static Optional<JsonNode> find(JsonNode threads, java.util.function.Predicate<JsonNode> test) {
    return StreamSupport.stream(threads.spliterator(), false).filter(test).findFirst();
  }
}
