package dev.tidings.plugin.hub;

import dev.tidings.plugin.log.ChannelEvent;
import java.nio.ByteBuffer;

/**
 * One message queued for a connection: the complete JSON envelope (shared, never modified) and,
 * when it moves a channel's position (an event, or a {@code subscribed} answer), that channel's
 * epoch and offset after it; {@code channel} is null for messages that move nothing.
 * {@code wire}, when present, holds the same bytes off-heap (read-only, shared): a socket write from
 * a heap array is first copied into a temporary direct buffer by the JDK, once per connection.
 */
public record Outgoing(byte[] payload, String channel, String epoch, long offset, ByteBuffer wire) {

  // Below this many recipients an off-heap copy costs more than the per-write copies it saves.
  private static final int SHARED_WIRE_MIN_RECIPIENTS = 8;

  /** A message with its bytes on the heap only. */
  public Outgoing(byte[] payload, String channel, String epoch, long offset) {
    this(payload, channel, epoch, offset, null);
  }

  /** An event envelope exactly as the log serialised it. */
  static Outgoing of(ChannelEvent event) {
    return new Outgoing(event.envelope(), event.channel(), event.epoch(), event.offset());
  }

  /** The event for fan-out to {@code recipients} connections: one instance (and one off-heap copy) for all. */
  public static Outgoing shared(ChannelEvent event, int recipients) {
    if (recipients < SHARED_WIRE_MIN_RECIPIENTS) {
      return of(event);
    }
    byte[] bytes = event.envelope();
    ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip().asReadOnlyBuffer();
    return new Outgoing(bytes, event.channel(), event.epoch(), event.offset(), direct);
  }

  /** The bytes for one write: a private view of the shared off-heap copy, or the heap array wrapped. */
  public ByteBuffer wireView() {
    return wire != null ? wire.duplicate() : ByteBuffer.wrap(payload);
  }

  /** A control message (pong, error, unsubscribed) that moves no position. */
  public static Outgoing control(byte[] payload) {
    return new Outgoing(payload, null, null, 0);
  }

  /** The size counted against the connection's queue limit. */
  public int size() {
    return payload.length;
  }
}
