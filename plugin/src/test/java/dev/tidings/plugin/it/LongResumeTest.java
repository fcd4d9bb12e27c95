package dev.tidings.plugin.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidings.plugin.log.EventLog;
import dev.tidings.testing.support.HostTest;
import dev.tidings.testing.support.WsClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client further behind than its live queue holds (1,000 messages by default) still resumes
 * with the whole gap, in order, and is not cut as a slow consumer.
 */
@HostTest
class LongResumeTest {

  private static final int BEHIND = 3_000;

  @TempDir
  Path dir;

  @Test
  void aGapLongerThanTheLiveQueueIsReplayedCompletely() throws Exception {
    try (TidingsHost host = TidingsHost.start(dir); WsClient c = WsClient.connect(host.ws())) {
      JsonNode first = c.subscribe("repo:alice/demo");
      String epoch = first.path("epoch").asText();
      long since = first.path("offset").asLong();
      c.send("{\"type\":\"unsubscribe\",\"channel\":\"repo:alice/demo\"}");
      c.nextOfType("unsubscribed", 10);

      EventLog log = host.plugin().getInstance(EventLog.class);
      List<CompletableFuture<?>> appends = new ArrayList<>();
      for (int i = 0; i < BEHIND; i++) {
        appends.add(log.appendTo("repo:alice/demo", "test.event", "alice/demo", "{\"n\":" + i + "}"));
      }
      CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

      c.send("{\"type\":\"subscribe\",\"channel\":\"repo:alice/demo\",\"since\":{\"epoch\":\"" + epoch
          + "\",\"offset\":" + since + "}}");
      JsonNode subscribed = c.nextOfType("subscribed", 30);
      assertThat(subscribed.path("recovered").asBoolean()).isTrue();
      for (int i = 1; i <= BEHIND; i++) {
        JsonNode e = c.nextOfType("event", 30);
        assertThat(e.path("offset").asLong()).isEqualTo(since + i);
        assertThat(e.path("data").path("n").asInt()).isEqualTo(i - 1);
      }
      // The connection is still usable afterwards.
      c.send("{\"type\":\"ping\",\"id\":\"after\"}");
      assertThat(c.nextOfType("pong", 10).path("id").asText()).isEqualTo("after");
    }
  }
}
