package dev.tidings.bench.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The client's field scanner on the protocol's real message shapes. */
class EnvelopeTest {

  private static final String EVENT = "{\"type\":\"event\",\"channel\":\"repo:alice/demo\",\"offset\":42,"
      + "\"event\":\"custom.bench\",\"id\":\"01J0000000000000000000001\",\"data\":{\"bt\":1700000000123456,"
      + "\"seq\":7,\"pad\":\"xx\"},\"timestamp\":1703145600123}";

  @Test
  void readsTypeChannelOffsetAndStamp() {
    assertThat(Envelope.string(EVENT, "type")).isEqualTo("event");
    assertThat(Envelope.string(EVENT, "channel")).isEqualTo("repo:alice/demo");
    assertThat(Envelope.number(EVENT, "offset", 0)).isEqualTo(42);
    assertThat(Envelope.sentMicros(EVENT)).isEqualTo(1700000000123456L);
  }

  @Test
  void eventsWithoutStampAndSubscribedReplies() {
    String push = "{\"type\":\"event\",\"channel\":\"repo:a/b\",\"offset\":1,\"event\":\"push\",\"id\":\"x\","
        + "\"data\":{\"ref\":\"refs/heads/main\"},\"timestamp\":1}";
    assertThat(Envelope.sentMicros(push)).isEqualTo(Long.MIN_VALUE);
    String sub = "{\"type\":\"subscribed\",\"channel\":\"repo:a/b\",\"epoch\":\"k3x9\",\"offset\":41,\"recovered\":true}";
    assertThat(Envelope.string(sub, "epoch")).isEqualTo("k3x9");
    assertThat(Envelope.number(sub, "offset", 0)).isEqualTo(41);
    assertThat(Envelope.bool(sub, "recovered")).isTrue();
    assertThat(Envelope.bool("{\"type\":\"subscribed\"}", "recovered")).isNull();
  }

  @Test
  void offsetsAreCountedOnceAndGapsNoticed() {
    ChannelTrack t = new ChannelTrack();
    t.lastOffset = 0;
    assertThat(t.onEvent(1)).isTrue();
    assertThat(t.onEvent(1)).isFalse();
    assertThat(t.onEvent(4)).isTrue();
    assertThat(t.received()).isEqualTo(2);
    assertThat(t.duplicates()).isEqualTo(1);
    assertThat(t.gaps()).isEqualTo(2);
  }
}
