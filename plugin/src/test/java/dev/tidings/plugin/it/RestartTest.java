package dev.tidings.plugin.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidings.testing.support.HostTest;
import dev.tidings.testing.support.WsClient;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping the host closes clients with the resumable 4000; after a restart offsets continue and resume works. */
@HostTest
class RestartTest {

  @TempDir
  Path dir;

  @Test
  void clientsResumeAcrossARestart() throws Exception {
    String epoch;
    long offset;
    TidingsHost first = TidingsHost.start(dir);
    try (WsClient c = WsClient.connect(first.ws())) {
      first.publish("repo:alice/demo", "alice/demo", "{\"n\":1}");
      JsonNode subscribed = c.subscribe("repo:alice/demo");
      epoch = subscribed.path("epoch").asText();
      offset = subscribed.path("offset").asLong();
      assertThat(offset).isGreaterThanOrEqualTo(1);
      first.close();
      assertThat(c.awaitClose(10)).isEqualTo(4000);
    } finally {
      first.close();
    }
    try (TidingsHost second = TidingsHost.start(dir); WsClient c = WsClient.connect(second.ws())) {
      second.publish("repo:alice/demo", "alice/demo", "{\"n\":2}");
      second.publish("repo:alice/demo", "alice/demo", "{\"n\":3}");
      c.send("{\"type\":\"subscribe\",\"channel\":\"repo:alice/demo\",\"since\":{\"epoch\":\"" + epoch + "\",\"offset\":" + offset + "}}");
      JsonNode again = c.nextOfType("subscribed", 10);
      assertThat(again.path("epoch").asText()).isEqualTo(epoch);
      assertThat(again.path("recovered").asBoolean()).isTrue();
      assertThat(c.nextOfType("event", 10).path("offset").asLong()).isEqualTo(offset + 1);
      assertThat(c.nextOfType("event", 10).path("offset").asLong()).isEqualTo(offset + 2);
    }
  }
}
