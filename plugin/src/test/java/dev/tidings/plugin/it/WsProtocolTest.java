package dev.tidings.plugin.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidings.testing.support.HostTest;
import dev.tidings.testing.support.WsClient;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Protocol v1 over a real WebSocket against the real host: commands, replies, bad input, limits. */
@HostTest
class WsProtocolTest {

  @TempDir
  static Path dir;
  static TidingsHost host;

  @BeforeAll
  static void start() throws Exception {
    host = TidingsHost.start(dir, "ws.commandRate", "100", "ws.commandBurst", "300", "hub.maxConnectionsPerUser", "3",
        "ws.maxForbidden", "100000");
  }

  @AfterAll
  static void stop() {
    if (host != null) {
      host.close();
    }
  }

  @Test
  void subscribeReceivesEventsAndCommandsEchoTheirId() throws Exception {
    try (WsClient c = WsClient.connect(host.ws())) {
      c.send("{\"type\":\"subscribe\",\"channel\":\"repo:alice/demo\",\"id\":\"s1\"}");
      JsonNode subscribed = c.next(10);
      assertThat(subscribed.path("type").asText()).isEqualTo("subscribed");
      assertThat(subscribed.path("channel").asText()).isEqualTo("repo:alice/demo");
      assertThat(subscribed.path("id").asText()).isEqualTo("s1");
      assertThat(subscribed.path("epoch").asText()).isNotEmpty();
      long offset = subscribed.path("offset").asLong();

      host.publish("repo:alice/demo", "alice/demo", "{\"n\":1}");
      JsonNode event = c.next(10);
      assertThat(event.path("type").asText()).isEqualTo("event");
      assertThat(event.path("offset").asLong()).isEqualTo(offset + 1);
      assertThat(event.path("data").path("n").asInt()).isEqualTo(1);

      c.send("{\"type\":\"ping\",\"id\":7}");
      JsonNode pong = c.next(10);
      assertThat(pong.path("type").asText()).isEqualTo("pong");
      assertThat(pong.path("id").asInt()).isEqualTo(7);

      c.send("{\"type\":\"unsubscribe\",\"channel\":\"repo:alice/demo\"}");
      assertThat(c.next(10).path("type").asText()).isEqualTo("unsubscribed");
      host.publish("repo:alice/demo", "alice/demo", "{\"n\":2}");
      c.send("{\"type\":\"ping\"}");
      assertThat(c.next(10).path("type").asText()).isEqualTo("pong");
    }
  }

  @Test
  void badInputGetsTheDocumentedCodesAndTheConnectionStaysUsable() throws Exception {
    try (WsClient c = WsClient.connect(host.ws())) {
      c.send("not json");
      assertError(c.next(10), "bad_request", false);
      c.send("{\"type\":\"dance\"}");
      assertError(c.next(10), "unknown_type", false);
      c.send("{\"type\":\"subscribe\"}");
      assertError(c.next(10), "bad_request", false);
      c.send("{\"channel\":\"repo:alice/demo\"}");
      assertError(c.next(10), "bad_request", false);
      c.send("{\"type\":\"subscribe\",\"channel\":\"repo:../etc\"}");
      assertError(c.next(10), "bad_channel", false);
      c.send("{\"type\":\"subscribe\",\"channel\":\"repo:alice/demo\",\"since\":{\"epoch\":3}}");
      assertError(c.next(10), "bad_request", false);
      c.send("[1,2]");
      assertError(c.next(10), "bad_request", false);
      c.send("{\"type\":\"ping\"}");
      assertThat(c.next(10).path("type").asText()).isEqualTo("pong");
    }
  }

  @Test
  void aMessageOverTheLimitIsAnsweredAndClosedWith1009() throws Exception {
    try (WsClient c = WsClient.connect(host.ws())) {
      c.send("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(100 * 1024) + "\"}");
      assertError(c.next(10), "message_too_large", false);
      assertThat(c.awaitClose(10)).isEqualTo(1009);
    }
    try (WsClient other = WsClient.connect(host.ws())) {
      other.send("{\"type\":\"ping\"}");
      assertThat(other.next(10).path("type").asText()).isEqualTo("pong");
    }
  }

  @Test
  void thousandSubscriptionsAndACommandFloodHitTheLimitsNotTheServer() throws Exception {
    try (WsClient c = WsClient.connect(host.ws(), Map.of("Authorization", TidingsHost.ALICE))) {
      for (int i = 0; i < 1000; i++) {
        c.socket().sendText("{\"type\":\"subscribe\",\"channel\":\"repo:alice/r" + i + "\"}", true).join();
      }
      int subscribedOrForbidden = 0;
      int tooMany = 0;
      int rateLimited = 0;
      for (JsonNode n : c.drain(3000)) {
        String code = n.path("code").asText();
        if (n.path("type").asText().equals("subscribed") || code.equals("forbidden")) {
          subscribedOrForbidden++;
        } else if (code.equals("too_many_subscriptions")) {
          tooMany++;
        } else if (code.equals("rate_limited")) {
          assertThat(n.path("retry").asBoolean()).isTrue();
          rateLimited++;
        }
      }
      // alice/r{i} do not exist: forbidden (like private ones), and they do not count as subscriptions.
      assertThat(subscribedOrForbidden).isGreaterThan(0);
      assertThat(tooMany + rateLimited + subscribedOrForbidden).isGreaterThan(0);
      assertThat(rateLimited).isGreaterThan(0);
      assertThat(c.awaitClose(10)).isEqualTo(4030);
    }
    try (WsClient c = WsClient.connect(host.ws(), Map.of("Authorization", TidingsHost.ALICE))) {
      for (int i = 0; i < 150; i++) {
        c.socket().sendText("{\"type\":\"subscribe\",\"channel\":\"user:alice\",\"id\":" + i + "}", true).join();
      }
      c.send("{\"type\":\"subscribe\",\"channel\":\"repo:alice/demo\"}");
      assertThat(c.nextOfType("subscribed", 10).path("channel").asText()).isEqualTo("user:alice");
    }
  }

  @Test
  void aUserBeyondTheConnectionLimitIsClosedWith4029() throws Exception {
    java.util.List<WsClient> open = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        WsClient c = WsClient.connect(host.ws(), Map.of("Authorization", TidingsHost.BOB));
        open.add(c);
        assertThat(c.subscribe("user:bob").path("type").asText()).isEqualTo("subscribed");
      }
      WsClient fourth = WsClient.connect(host.ws(), Map.of("Authorization", TidingsHost.BOB));
      open.add(fourth);
      assertThat(fourth.awaitClose(10)).isEqualTo(4029);
    } finally {
      open.forEach(WsClient::close);
    }
  }

  @Test
  void permessageDeflateIsNegotiatedWithoutContextTakeoverWhenOffered() throws Exception {
    Handshake h = handshake(host, "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n");
    assertThat(h.head).startsWith("HTTP/1.1 101")
        .containsIgnoringCase("Sec-WebSocket-Extensions: permessage-deflate")
        .contains("server_no_context_takeover").contains("client_no_context_takeover");
    h.socket.close();
  }

  @Test
  void theVersionIsNegotiatedAsASubprotocolAndWelcomed() throws Exception {
    Handshake h = handshake(host, "Sec-WebSocket-Protocol: tidings.v9, tidings.v1\r\nAuthorization: " + TidingsHost.ALICE + "\r\n");
    assertThat(h.head).startsWith("HTTP/1.1 101").containsIgnoringCase("Sec-WebSocket-Protocol: tidings.v1")
        .containsIgnoringCase("Tidings-Protocol: tidings.v1");
    // The first frame: an unmasked, uncompressed text frame with the welcome.
    var in = h.socket.getInputStream();
    assertThat(in.read()).isEqualTo(0x81);
    byte[] payload = in.readNBytes(in.read());
    assertThat(new String(payload, java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("{\"type\":\"welcome\",\"protocol\":\"tidings.v1\",\"user\":\"alice\"}");
    h.socket.close();
  }

  @Test
  void onlyUnsupportedVersionsAreRefusedWith400AndTheSupportedList() throws Exception {
    Handshake h = handshake(host, "Sec-WebSocket-Protocol: tidings.v2\r\n");
    assertThat(h.head).startsWith("HTTP/1.1 400").containsIgnoringCase("Tidings-Protocol: tidings.v1");
    assertThat(h.body()).contains("\"code\":\"unsupported_version\"").contains("tidings.v2").contains("speaks tidings.v1");
    h.socket.close();
    try (WsClient legacy = WsClient.connect(host.ws())) {
      legacy.send("{\"type\":\"ping\",\"id\":1}");
      assertThat(legacy.next(10).path("type").asText()).as("no subprotocol: v1, no welcome").isEqualTo("pong");
    }
  }

  @Test
  void sseAndLongPollNameTheVersionAndRefuseAnUnknownOne() throws Exception {
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    var ok = http.send(java.net.http.HttpRequest.newBuilder(host.http("/plugins/tidings/poll?channel=repo:alice/demo&timeout=0"))
        .header("Tidings-Protocol", "tidings.v1").build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.headers().firstValue("Tidings-Protocol")).contains("tidings.v1");
    var refused = http.send(java.net.http.HttpRequest.newBuilder(host.http("/plugins/tidings/events?channel=repo:alice/demo"))
        .header("Tidings-Protocol", "tidings.v7").build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("\"code\":\"unsupported_version\"");
  }

  /** A handshake's status line and headers, and its socket (positioned after them). */
  record Handshake(java.net.Socket socket, String head) {
    String body() throws java.io.IOException {
      return new String(socket.getInputStream().readNBytes(
          Integer.parseInt(head.replaceAll("(?is).*content-length: *(\\d+).*", "$1"))), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  static Handshake handshake(TidingsHost target, String extraHeaders) throws Exception {
    String request = "GET /plugins/tidings/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" + extraHeaders + "\r\n";
    java.net.Socket s = new java.net.Socket("127.0.0.1", target.server.port());
    s.setSoTimeout(10_000);
    s.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    // Byte by byte up to the blank line, so what follows (a frame, a body) stays unread.
    var in = s.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.append((char) b);
    }
    return new Handshake(s, head.toString());
  }

  static void assertError(JsonNode n, String code, boolean retry) {
    assertThat(n.path("type").asText()).as(n.toString()).isEqualTo("error");
    assertThat(n.path("code").asText()).as(n.toString()).isEqualTo(code);
    assertThat(n.path("retry").asBoolean()).isEqualTo(retry);
    assertThat(n.path("message").asText()).isNotBlank();
  }
}
