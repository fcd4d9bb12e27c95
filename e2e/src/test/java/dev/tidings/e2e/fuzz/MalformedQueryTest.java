package dev.tidings.e2e.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A query string that is not valid UTF-8 once percent-decoded (found by {@link ProtocolFuzzTest}, seed
 * 20261203 input 189) is the client's error: 400 {@code bad_request}, never a 500 {@code internal}.
 */
class MalformedQueryTest {

  @Test
  void invalidUtf8InTheQueryIsABadRequestOnEveryRoute(@TempDir Path temp) throws Exception {
    try (FuzzHost host = FuzzHost.start(temp, "")) {
      for (String target : new String[] {"/plugins/tidings/events?channel=%00&%C0%80",
          "/plugins/tidings/poll?channel=repo:alice/demo&x=%FF&timeout=0",
          "/plugins/tidings/events?channel=%E2%82"}) {
        byte[] request = ("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + host.port()
            + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        RawHttp.Answer a = RawHttp.exchange(InetAddress.getLoopbackAddress(), host.port(), request, 15_000);
        assertThat(a.status()).as("GET %s: %s %s", target, a.head(), a.body()).isEqualTo(400);
        assertThat(a.body()).as("GET %s", target).contains("\"code\":\"bad_request\"");
      }
    }
  }
}
