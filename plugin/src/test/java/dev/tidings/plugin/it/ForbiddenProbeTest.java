package dev.tidings.plugin.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidings.testing.support.HostTest;
import dev.tidings.testing.support.WsClient;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding L3: a WebSocket that keeps asking for channels it may not read (probing repository
 * names, each a host lookup) is closed with 4031 after {@code ws.maxForbidden} refusals; a
 * client that stays below the limit keeps its connection.
 */
@HostTest
class ForbiddenProbeTest {

  @TempDir
  static Path dir;
  static TidingsHost host;

  @BeforeAll
  static void start() throws Exception {
    host = TidingsHost.start(dir, "ws.maxForbidden", "5");
  }

  @AfterAll
  static void stop() {
    if (host != null) {
      host.close();
    }
  }

  @Test
  void probingChannelNamesIsClosedAfterTheLimit() throws Exception {
    try (WsClient c = WsClient.connect(host.ws())) {
      for (int i = 0; i < 4; i++) {
        assertThat(c.subscribe("repo:nobody/probe" + i).path("code").asText()).isEqualTo("forbidden");
      }
      c.send("{\"type\":\"ping\"}");
      assertThat(c.nextOfType("pong", 10)).as("below the limit the connection stays usable").isNotNull();
      assertThat(c.subscribe("repo:nobody/probe4").path("code").asText()).isEqualTo("forbidden");
      assertThat(c.awaitClose(10)).isEqualTo(4031);
    }
  }
}
