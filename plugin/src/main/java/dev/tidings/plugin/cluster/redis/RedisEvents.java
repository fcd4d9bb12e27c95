package dev.tidings.plugin.cluster.redis;

import dev.tidings.plugin.log.ChannelEvent;
import dev.tidings.plugin.log.Envelopes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Stored events back into {@link ChannelEvent}s with the single-node log's envelope, built on the
 * node that delivers them: the wire bytes are the same whichever node, and whichever mode, sends them.
 */
final class RedisEvents {

  private RedisEvents() {}

  static ChannelEvent event(StreamPosition at, EventHeader h, byte[] data) {
    return new ChannelEvent(at.channel(), at.epoch(), at.offset(), h.id(), h.type(), h.timestamp(), h.repository(),
        Envelopes.build(at.channel(), at.offset(), h.type(), h.id(), data, h.timestamp()));
  }

  static List<ChannelEvent> events(String channel, ChannelPage page) {
    List<ChannelEvent> out = new ArrayList<>(page.events().size());
    for (StoredEvent e : page.events()) {
      out.add(event(new StreamPosition(channel, page.epoch(), e.offset()), EventHeader.decode(e.header()),
          e.body().getBytes(StandardCharsets.UTF_8)));
    }
    return out;
  }

  /** About the envelope bytes of {@code events} on {@code channel} (the plan's byte bound). */
  static long envelopeBytes(String channel, List<StoredEvent> events) {
    long bytes = 0;
    for (StoredEvent e : events) {
      bytes += e.body().getBytes(StandardCharsets.UTF_8).length + e.header().length() + Envelopes.overhead(channel);
    }
    return bytes;
  }
}
