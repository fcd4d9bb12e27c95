package dev.tidings.plugin.hub;

import dev.tidings.plugin.log.ChannelEvent;
import java.nio.ByteBuffer;

/**
 * One message queued for a connection: the complete JSON envelope (shared, never modified) and,
 * when it moves a channel's position (an event, or a {@code subscribed} answer), that channel's
 * epoch and offset after it; {@code channel} is null for messages that move nothing.
 * {@code wire}, when present, holds the same bytes off-heap (read-only, shared): a socket write from
 * a heap array is first copied into a temporary direct buffer by the JDK, once per connection.
 *
 * <p>A class rather than a record only because of {@link #deflatedView()}'s memo: the compressed
 * copy is made once, by the first connection that needs it, and shared by all the others.
 */
public final class Outgoing {

  // Below this many recipients an off-heap copy costs more than the per-write copies it saves.
  private static final int SHARED_WIRE_MIN_RECIPIENTS = 8;

  private final byte[] payload;
  private final String channel;
  private final String epoch;
  private final long offset;
  private final ByteBuffer wire;
  // Racy on purpose: two writers may both compress, and the bytes they make are identical.
  private volatile ByteBuffer deflated;

  /** A message; {@code wire} is the same bytes off-heap, or null. */
  public Outgoing(byte[] payload, String channel, String epoch, long offset, ByteBuffer wire) {
    this.payload = payload;
    this.channel = channel;
    this.epoch = epoch;
    this.offset = offset;
    this.wire = wire;
  }

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
    return new Outgoing(bytes, event.channel(), event.epoch(), event.offset(), offHeap(bytes));
  }

  /** A control message (pong, error, unsubscribed) that moves no position. */
  public static Outgoing control(byte[] payload) {
    return new Outgoing(payload, null, null, 0);
  }

  /** The complete JSON envelope. */
  public byte[] payload() {
    return payload;
  }

  /** The channel whose position this message moves, or null. */
  public String channel() {
    return channel;
  }

  /** The channel's epoch after this message, or null. */
  public String epoch() {
    return epoch;
  }

  /** The channel's offset after this message. */
  public long offset() {
    return offset;
  }

  /** The shared off-heap copy, or null. */
  public ByteBuffer wire() {
    return wire;
  }

  /** The bytes for one write: a private view of the shared off-heap copy, or the heap array wrapped. */
  public ByteBuffer wireView() {
    return wire != null ? wire.duplicate() : ByteBuffer.wrap(payload);
  }

  /**
   * The payload compressed as one permessage-deflate message with no context takeover (RFC 7692
   * 7.2.1): made on first use and shared, so a fan-out to N compressing connections deflates once,
   * not N times. Off-heap when {@link #wire()} is.
   */
  public ByteBuffer deflatedView() {
    ByteBuffer d = deflated;
    if (d == null) {
      byte[] bytes = MessageDeflater.deflate(payload);
      d = wire != null ? offHeap(bytes) : ByteBuffer.wrap(bytes);
      deflated = d;
    }
    return d.duplicate();
  }

  /** The size counted against the connection's queue limit. */
  public int size() {
    return payload.length;
  }

  private static ByteBuffer offHeap(byte[] bytes) {
    return ByteBuffer.allocateDirect(bytes.length).put(bytes).flip().asReadOnlyBuffer();
  }
}
