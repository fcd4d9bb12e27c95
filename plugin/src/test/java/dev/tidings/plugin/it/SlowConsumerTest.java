package dev.tidings.plugin.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidings.testing.support.HostTest;
import dev.tidings.testing.support.WsClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A client that stops reading is disconnected while a normal client on the same channel gets every event. */
@HostTest
class SlowConsumerTest {

  @TempDir
  Path dir;

  @Test
  void aStalledReaderIsCutOffAndEveryoneElseKeepsEveryEvent() throws Exception {
    // The limits leave the normal client room to fall behind on a heavily loaded 2-core machine
    // (1,000 of these 16 KiB events; 256 proved too few with other builds running) while the
    // stalled one, which reads nothing, still overflows within the 3,000 published.
    try (TidingsHost host = TidingsHost.start(dir, "hub.queue.maxMessages", "1000", "hub.queue.maxBytes", "16777216");
        WsClient normal = WsClient.connect(host.ws());
        WsClient stalled = WsClient.stalled(host.ws(), Map.of())) {
      long start = normal.subscribe("repo:alice/demo").path("offset").asLong();
      stalled.send("{\"type\":\"subscribe\",\"channel\":\"repo:alice/demo\"}");
      assertThat(stalled.next(10).path("type").asText()).isEqualTo("subscribed");

      MeterRegistry meters = host.plugin().getInstance(MeterRegistry.class);
      String pad = "x".repeat(16 * 1024);
      int published = 0;
      while (meters.counter("tidings.slow_consumer.disconnects").count() < 1 && published < 3000) {
        host.publish("repo:alice/demo", "alice/demo", "{\"n\":" + published + ",\"pad\":\"" + pad + "\"}");
        published++;
      }
      assertThat(meters.counter("tidings.slow_consumer.disconnects").count()).isGreaterThanOrEqualTo(1);
      for (int i = 0; i < 5; i++) {
        host.publish("repo:alice/demo", "alice/demo", "{\"n\":" + published++ + "}");
      }
      List<Long> offsets = new ArrayList<>();
      while (offsets.size() < published) {
        assertThat(normal.closeCode()).as("the normal client was cut off after %d events", offsets.size())
            .isEqualTo(-1);
        JsonNode e = normal.nextOfType("event", 20);
        offsets.add(e.path("offset").asLong());
      }
      for (int i = 0; i < offsets.size(); i++) {
        assertThat(offsets.get(i)).isEqualTo(start + 1 + i);
      }
      assertThat(normal.closeCode()).isEqualTo(-1);
    }
  }
}
