package dev.tidings.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidings.testing.git.GitCli;
import dev.tidings.testing.support.Received;
import dev.tidings.testing.support.SseClient;
import dev.tidings.testing.support.WsClient;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 4: the host is stopped and a new one started on the same data folder and drop-in jar;
 * a client that resumes {@code repo:alice/demo} with {@code since} gets exactly the pushes made
 * while it was away (before and after the restart), with {@code recovered:true}, over WebSocket and SSE.
 */
class RestartResumeTest {
  private static final String CHANNEL = "repo:alice/demo";
  private static final String POLL = "plugins/tidings/poll?channel=repo%3Aalice%2Fdemo";

  @Test
  void aClientResumesAfterAHostRestartWithExactlyThePushesItMissed(@TempDir Path temp) throws Exception {
    try (E2eHost host = E2eHost.start(temp.resolve("host"))) {
      GitCli work = E2eHost.git(temp).in(temp.resolve("demo"))
          .cloneFrom(host.gitUrl("alice", "tidings-alice", "alice/demo"));

      String epoch;
      long last;
      String sseCursor;
      try (WsClient ws = WsClient.connect(host.wsUri(), null, null);
          SseClient sse = SseClient.open(host.sseUri(), null, null, null, CHANNEL)) {
        JsonNode subscribed = ws.subscribeOk(CHANNEL);
        epoch = subscribed.path("epoch").asText();
        sse.await("subscribed", m -> m.type().equals("subscribed"));
        String seen = work.commit("restart: seen before going away");
        work.push("origin", "main");
        last = LiveEventsTest.awaitPush(ws, seen).json().path("offset").asLong();
        sseCursor = sse.await("push " + seen, m -> LiveEventsTest.isPushOf(m, seen)).sseId();
        assertThat(last).isEqualTo(subscribed.path("offset").asLong() + 1);
      }
      // A long-poll client's position at the same point (a poll without cursor starts from now).
      Rest.Answer pollNow = Rest.anonymous(host).get(POLL + "&timeout=0");
      assertThat(pollNow.status()).as("%s", pollNow).isEqualTo(200);
      String pollCursor = pollNow.json().path("cursor").asText();

      // Away: two pushes before the restart, one after it.
      String b = work.commit("restart: missed 1 (before restart)");
      work.push("origin", "main");
      String c = work.commit("restart: missed 2 (before restart)");
      work.push("origin", "main");
      host.restart();
      String d = work.commit("restart: missed 3 (after restart)");
      work.push(host.gitUrl("alice", "tidings-alice", "alice/demo"), "main");

      try (WsClient ws = WsClient.connect(host.wsUri(), null, null)) {
        JsonNode resumed = ws.subscribe(CHANNEL, epoch, last);
        assertThat(resumed.path("type").asText()).as("%s", resumed).isEqualTo("subscribed");
        assertThat(resumed.path("recovered").asBoolean()).as("%s", resumed).isTrue();
        assertThat(resumed.path("epoch").asText()).as("the epoch survives a restart").isEqualTo(epoch);
        assertThat(resumed.path("offset").asLong()).isEqualTo(last + 3);
        LiveEventsTest.awaitPush(ws, d);
        ws.roundTrip();
        List<Received> replayed = ws.events(CHANNEL);
        assertThat(replayed).extracting(m -> m.json().path("offset").asLong()).containsExactly(last + 1, last + 2, last + 3);
        assertThat(replayed).extracting(m -> m.json().path("data").path("after").asText()).containsExactly(b, c, d);
        assertThat(replayed).extracting(m -> m.json().path("id").asText()).doesNotHaveDuplicates();

        // SSE resumes from the cursor (Last-Event-ID) it saw on the old host.
        try (SseClient sse = SseClient.open(host.sseUri(), null, null, sseCursor, CHANNEL)) {
          assertThat(sse.status()).as("SSE resume: %s", sse.errorBody()).isEqualTo(200);
          Received sub = sse.await("subscribed", m -> m.type().equals("subscribed"));
          assertThat(sub.json().path("recovered").asBoolean()).as("%s", sub.raw()).isTrue();
          sse.await("push " + d, m -> LiveEventsTest.isPushOf(m, d));
          assertThat(sse.events(CHANNEL)).extracting(m -> m.json().path("data").path("after").asText())
              .containsExactly(b, c, d);
        }

        // Long-poll resumes from its cursor of the old host too.
        Rest.Answer polled = Rest.anonymous(host).get(POLL + "&timeout=10&cursor=" + pollCursor);
        assertThat(polled.status()).as("%s", polled).isEqualTo(200);
        assertThat(polled.json().path("channels").path(CHANNEL).path("recovered").asBoolean()).as("%s", polled).isTrue();
        List<String> polledShas = new java.util.ArrayList<>();
        polled.json().path("events").forEach(ev -> polledShas.add(ev.path("data").path("after").asText()));
        assertThat(polledShas).containsExactly(b, c, d);

        // Live delivery continues on the same numbering.
        String e = work.commit("restart: live again");
        work.push(host.gitUrl("alice", "tidings-alice", "alice/demo"), "main");
        assertThat(LiveEventsTest.awaitPush(ws, e).json().path("offset").asLong()).isEqualTo(last + 4);
      }
    }
  }
}
