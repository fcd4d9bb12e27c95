package dev.tidings.plugin.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidings.testing.support.MessageInflater;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** One message compressed as permessage-deflate sends it, and the compressed copy an event shares. */
class MessageDeflaterTest {

  @Test
  void everyMessageInflatesBackOnItsOwn() throws Exception {
    byte[] random = new byte[100_000];
    new Random(7).nextBytes(random);
    byte[] json = "{\"type\":\"event\",\"data\":{\"ref\":\"refs/heads/main\"}}".repeat(2000).getBytes(StandardCharsets.UTF_8);
    for (byte[] payload : new byte[][] {new byte[0], "{}".getBytes(StandardCharsets.UTF_8), json, random}) {
      byte[] compressed = MessageDeflater.deflate(payload);
      assertThat(MessageInflater.inflate(compressed)).isEqualTo(payload);
    }
    assertThat(MessageDeflater.deflate(new byte[0])).as("RFC 7692 7.2.3.6").containsExactly(0);
    assertThat(MessageDeflater.deflate(json).length).isLessThan(json.length / 10);
  }

  @Test
  void theSameBytesAlwaysCompressTheSameWay() {
    byte[] json = "{\"type\":\"event\",\"n\":1}".getBytes(StandardCharsets.UTF_8);
    byte[] first = MessageDeflater.deflate(json);
    MessageDeflater.deflate("something else entirely, to leave state behind".getBytes(StandardCharsets.UTF_8));
    assertThat(MessageDeflater.deflate(json)).isEqualTo(first);
  }

  @Test
  void anEventIsCompressedOnceAndSharedByEveryWrite() throws Exception {
    byte[] json = "{\"type\":\"event\",\"pad\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}".getBytes(StandardCharsets.UTF_8);
    Outgoing heap = new Outgoing(json, "repo:a/b", "e", 1);
    ByteBuffer a = heap.deflatedView();
    ByteBuffer b = heap.deflatedView();
    assertThat(a).isNotSameAs(b); // each write gets its own position and limit...
    assertThat(a.array()).isSameAs(b.array()); // ...over the same bytes, made once
    Outgoing shared = new Outgoing(json, "repo:a/b", "e", 1, ByteBuffer.allocateDirect(json.length).put(json).flip());
    ByteBuffer d = shared.deflatedView();
    assertThat(d.isDirect()).as("off-heap like the shared wire copy").isTrue();
    byte[] bytes = new byte[d.remaining()];
    d.get(bytes);
    assertThat(MessageInflater.inflate(bytes)).isEqualTo(json);
    assertThat(shared.deflatedView().remaining()).isEqualTo(bytes.length);
  }

}
