package dev.tidings.plugin.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidings.plugin.hub.Hub;
import dev.tidings.plugin.log.ChannelEvent;
import dev.tidings.testing.support.HostTest;
import dev.tidings.testing.support.WsClient;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans events out to many real WebSocket clients and checks every client gets every event in order;
 * logs the process CPU per delivery for the shared-frame path and for per-connection sendText
 * (CPU of the server's threads only; the clients share the JVM and the two cores).
 */
@HostTest
class FanOutCostTest {

  private static final Logger log = LoggerFactory.getLogger(FanOutCostTest.class);
  private static final int CLIENTS = 100;
  private static final int EVENTS = 300;

  @TempDir
  Path dir;

  @Test
  void everyClientGetsEveryEventInOrderOnBothWritePaths() throws Exception {
    // Alternate and keep the second round of each, so JIT warm-up does not favour one path.
    run(dir.resolve("w1"), true);
    run(dir.resolve("w2"), false);
    double shared = run(dir.resolve("shared"), true);
    double perConnection = run(dir.resolve("text"), false);
    log.info("fan-out to {} clients x {} events: server-thread CPU per delivery {} us (shared frames, batched) vs {} us (sendText per connection)",
        CLIENTS, EVENTS, String.format("%.2f", shared), String.format("%.2f", perConnection));
  }

  /** CPU time of the server's threads (Jetty's "host" pool and the plugin's tidings-* threads). */
  private static long serverCpu() {
    var threads = ManagementFactory.getThreadMXBean();
    long sum = 0;
    for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && (info.getThreadName().startsWith("host") || info.getThreadName().startsWith("tidings-"))) {
        long t = threads.getThreadCpuTime(info.getThreadId());
        sum += Math.max(0, t);
      }
    }
    return sum;
  }

  private double run(Path data, boolean sharedFrames) throws Exception {
    List<WsClient> clients = new ArrayList<>();
    try (TidingsHost host = TidingsHost.start(data, "hub.ws.sharedFrames", Boolean.toString(sharedFrames),
        "hub.maxConnectionsPerIp", "1000", "hub.maxConnectionsPerUser", "1000")) {
      String epoch = null;
      long start = 0;
      for (int i = 0; i < CLIENTS; i++) {
        WsClient c = WsClient.connect(host.ws());
        clients.add(c);
        JsonNode s = c.subscribe("repo:alice/demo");
        epoch = s.path("epoch").asText();
        start = s.path("offset").asLong();
      }
      Hub hub = host.plugin().getInstance(Hub.class);
      String pad = "y".repeat(400);
      long cpu0 = serverCpu();
      for (int e = 1; e <= EVENTS; e++) {
        long offset = start + e;
        byte[] env = ("{\"type\":\"event\",\"channel\":\"repo:alice/demo\",\"offset\":" + offset
            + ",\"event\":\"probe\",\"id\":\"p" + e + "\",\"data\":{\"pad\":\"" + pad + "\"},\"timestamp\":1}")
            .getBytes(StandardCharsets.UTF_8);
        hub.publish(new ChannelEvent("repo:alice/demo", epoch, offset, "p" + e, "probe", 1, "alice/demo", env));
      }
      for (WsClient c : clients) {
        for (int e = 1; e <= EVENTS; e++) {
          JsonNode n = c.nextOfType("event", 30);
          assertThat(n.path("offset").asLong()).isEqualTo(start + e);
        }
      }
      long cpu = serverCpu() - cpu0;
      return cpu / 1000.0 / (CLIENTS * (double) EVENTS);
    } finally {
      clients.forEach(WsClient::close);
    }
  }
}
