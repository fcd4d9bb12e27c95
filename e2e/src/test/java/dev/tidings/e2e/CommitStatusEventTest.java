package dev.tidings.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidings.testing.support.Received;
import dev.tidings.testing.support.WsClient;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A commit status set through the host's Gitea API ({@code POST /api/v1/repos/o/r/statuses/{sha}})
 * reaches a real WebSocket subscriber of {@code repo:o/n} as {@code commit.status}, through the
 * drop-in jar; progress updates in a burst are coalesced and the latest one is delivered, and the
 * final state arrives last.
 */
class CommitStatusEventTest {
  private static final String CHANNEL = "repo:alice/demo";

  @Test
  void aStatusPostBecomesACommitStatusEvent(@TempDir Path temp) throws Exception {
    try (E2eHost host = E2eHost.start(temp.resolve("host"));
        WsClient watcher = WsClient.connect(host.wsUri(), "bob", "tidings-bob")) {
      watcher.subscribeOk(CHANNEL);
      Rest alice = Rest.alice(host);
      String sha = alice.get("api/v1/repos/alice/demo/branches/main").json().path("commit").path("id").asText();
      assertThat(sha).hasSize(40);
      String path = "api/v1/repos/alice/demo/statuses/" + sha;

      Rest.Answer created = alice.post(path,
          "{\"state\":\"pending\",\"context\":\"ci/build\",\"description\":\"Building\",\"progress\":5,"
              + "\"target_url\":\"https://ci.example.org/run/1\"}");
      assertThat(created.status()).as("%s", created).isEqualTo(201);
      Received first = watcher.await("commit.status pending", m -> m.isEventOn(CHANNEL)
          && m.json().path("event").asText().equals("commit.status"));
      JsonNode d = first.json().path("data");
      assertThat(d.path("sha").asText()).isEqualTo(sha);
      assertThat(d.path("context").asText()).isEqualTo("ci/build");
      assertThat(d.path("state").asText()).isEqualTo("pending");
      assertThat(d.path("progress").asInt()).isEqualTo(5);
      assertThat(d.path("description").asText()).isEqualTo("Building");
      assertThat(d.path("target_url").asText()).isEqualTo("https://ci.example.org/run/1");
      assertThat(d.path("combined_state").asText()).isEqualTo("pending");
      assertThat(d.path("creator").path("login").asText()).isEqualTo("alice");
      assertThat(d.path("actor").path("login").asText()).isEqualTo("alice");
      assertThat(d.path("id").asLong()).isEqualTo(created.json().path("id").asLong());

      // A burst of progress updates: each answered at once, their events coalesced, the last one delivered.
      for (int p = 10; p <= 90; p += 10) {
        Rest.Answer step = alice.post(path, "{\"state\":\"pending\",\"context\":\"ci/build\",\"progress\":" + p + "}");
        assertThat(step.status()).as("%s", step).isEqualTo(201);
        assertThat(step.json().path("id").asLong()).as("a progress update replaces the pending status")
            .isEqualTo(created.json().path("id").asLong());
      }
      watcher.await("the latest progress, 90%", m -> m.isEventOn(CHANNEL)
          && m.json().path("data").path("progress").asInt() == 90);
      assertThat(statusEvents(watcher)).as("progress events are coalesced").hasSizeLessThan(10);

      Rest.Answer done = alice.post(path, "{\"state\":\"success\",\"context\":\"ci/build\",\"description\":\"Built\"}");
      assertThat(done.status()).as("%s", done).isEqualTo(201);
      Received last = watcher.await("commit.status success", m -> m.isEventOn(CHANNEL)
          && m.json().path("data").path("state").asText().equals("success"));
      assertThat(last.json().path("data").path("combined_state").asText()).isEqualTo("success");
      assertThat(last.json().path("data").path("progress").isNull()).isTrue();
      List<Received> all = statusEvents(watcher);
      assertThat(all.get(all.size() - 1).json().path("data").path("state").asText()).isEqualTo("success");
      long previous = -1;
      for (Received r : all) {
        assertThat(r.json().path("offset").asLong()).isGreaterThan(previous);
        previous = r.json().path("offset").asLong();
      }

      // A reader cannot set statuses; nothing is stored or sent.
      Rest.Answer fromBob = Rest.bob(host).post(path, "{\"state\":\"failure\",\"context\":\"ci/build\"}");
      assertThat(fromBob.status()).as("%s", fromBob).isEqualTo(403);
      JsonNode combined = alice.get("api/v1/repos/alice/demo/commits/" + sha + "/status").json();
      assertThat(combined.path("state").asText()).isEqualTo("success");
      assertThat(combined.path("total_count").asInt()).isEqualTo(1);
    }
  }

  private static List<Received> statusEvents(WsClient watcher) {
    return watcher.events(CHANNEL).stream()
        .filter(m -> m.json().path("event").asText().equals("commit.status")).toList();
  }
}
