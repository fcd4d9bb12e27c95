package dev.tidings.plugin.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidings.testing.support.HostTest;
import dev.tidings.testing.support.MessageInflater;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * permessage-deflate as the bytes on the socket show it, read without a WebSocket library: by
 * default an offer is accepted (no context takeover either way), every message arrives as one
 * frame with RSV1 set whose payload inflates, on its own, to the JSON; a fan-out sends every
 * connection the same compressed bytes, on the heap write path (few recipients) and the shared
 * off-heap one (eight or more). With {@code ws.deflate=false} the offer is ignored.
 */
@HostTest
class DeflateWireTest {

  private static final String OFFER = "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"
      + "Sec-WebSocket-Protocol: tidings.v1\r\nAuthorization: " + TidingsHost.ALICE + "\r\n";

  /** One server frame: its first byte (FIN, RSV1, opcode) and its payload as sent. */
  record RawFrame(int head, byte[] payload) {
    boolean compressed() {
      return (head & 0x40) != 0;
    }

    String text() throws Exception {
      if (!compressed()) {
        return new String(payload, StandardCharsets.UTF_8);
      }
      return new String(MessageInflater.inflate(payload), StandardCharsets.UTF_8);
    }
  }

  @Test
  void messagesAreCompressedOnceAndIdenticallyForEveryConnection(@TempDir Path dir) throws Exception {
    try (TidingsHost host = TidingsHost.start(dir)) {
      List<WsProtocolTest.Handshake> sockets = new ArrayList<>();
      try {
        for (int i = 0; i < 9; i++) {
          WsProtocolTest.Handshake h = WsProtocolTest.handshake(host, OFFER);
          sockets.add(h);
          assertThat(h.head()).startsWith("HTTP/1.1 101")
              .containsIgnoringCase("Sec-WebSocket-Extensions: permessage-deflate")
              .contains("server_no_context_takeover").contains("client_no_context_takeover");
          RawFrame welcome = read(h.socket().getInputStream());
          assertThat(welcome.head()).as("FIN + RSV1 + text").isEqualTo(0xC1);
          assertThat(welcome.text()).isEqualTo("{\"type\":\"welcome\",\"protocol\":\"tidings.v1\",\"user\":\"alice\"}");
          // Client frames may stay uncompressed (RSV1 clear): the server inflates only what is marked.
          sendMasked(h.socket(), "{\"type\":\"subscribe\",\"channel\":\"repo:alice/demo\",\"id\":" + i + "}");
          RawFrame subscribed = read(h.socket().getInputStream());
          assertThat(subscribed.compressed()).isTrue();
          assertThat(subscribed.text()).contains("\"type\":\"subscribed\"").contains("\"id\":" + i);
        }
        String pad = "tidings ".repeat(3000); // 24 KB: more than one deflate output chunk
        host.publish("repo:alice/demo", "alice/demo", "{\"n\":1,\"pad\":\"" + pad + "\"}");
        List<RawFrame> fanOut = new ArrayList<>();
        for (WsProtocolTest.Handshake h : sockets) {
          fanOut.add(read(h.socket().getInputStream()));
        }
        assertEveryoneGotTheSameCompressedEvent(fanOut, "\"n\":1", pad);

        // Two recipients: the heap write path.
        for (int i = 2; i < sockets.size(); i++) {
          sockets.get(i).socket().close();
        }
        dev.tidings.testing.support.Await.isTrue("the hub saw the closes", java.time.Duration.ofSeconds(10),
            () -> host.plugin().getInstance(dev.tidings.plugin.hub.Connections.class).size() <= 2);
        host.publish("repo:alice/demo", "alice/demo", "{\"n\":2}");
        assertEveryoneGotTheSameCompressedEvent(
            List.of(read(sockets.get(0).socket().getInputStream()), read(sockets.get(1).socket().getInputStream())), "\"n\":2", "");
      } finally {
        for (WsProtocolTest.Handshake h : sockets) {
          h.socket().close();
        }
      }
    }
  }

  @Test
  void wsDeflateFalseIgnoresTheOffer(@TempDir Path dir) throws Exception {
    try (TidingsHost host = TidingsHost.start(dir, "ws.deflate", "false")) {
      WsProtocolTest.Handshake h = WsProtocolTest.handshake(host, OFFER);
      try {
        assertThat(h.head()).startsWith("HTTP/1.1 101").doesNotContainIgnoringCase("permessage-deflate");
        RawFrame welcome = read(h.socket().getInputStream());
        assertThat(welcome.head()).as("FIN + text, RSV1 clear").isEqualTo(0x81);
        assertThat(welcome.text()).contains("\"type\":\"welcome\"");
      } finally {
        h.socket().close();
      }
    }
  }

  private static void assertEveryoneGotTheSameCompressedEvent(List<RawFrame> frames, String marker, String pad) throws Exception {
    RawFrame first = frames.get(0);
    assertThat(first.head()).isEqualTo(0xC1);
    String json = first.text();
    assertThat(json).contains("\"type\":\"event\"").contains(marker).contains(pad);
    assertThat(first.payload().length).as("compressed").isLessThan(json.length());
    for (RawFrame f : frames) {
      assertThat(f.head()).isEqualTo(0xC1);
      assertThat(f.payload()).isEqualTo(first.payload());
    }
  }

  private static RawFrame read(InputStream in) throws Exception {
    int head = in.read();
    int len = in.read() & 0x7f; // server frames are never masked
    long length = len;
    if (len == 126) {
      length = (in.read() << 8) | in.read();
    } else if (len == 127) {
      length = new java.io.DataInputStream(in).readLong();
    }
    return new RawFrame(head, in.readNBytes((int) length));
  }

  private static void sendMasked(Socket s, String text) throws Exception {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    assertThat(payload.length).isLessThan(126);
    byte[] mask = {0x11, 0x22, 0x33, 0x44};
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x81);
    out.write(0x80 | payload.length);
    out.write(mask);
    for (int i = 0; i < payload.length; i++) {
      out.write(payload[i] ^ mask[i % 4]);
    }
    s.getOutputStream().write(out.toByteArray());
    s.getOutputStream().flush();
  }
}
