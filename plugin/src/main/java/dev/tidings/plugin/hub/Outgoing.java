package dev.tidings.plugin.hub;

import dev.tidings.plugin.log.ChannelEvent;

/**
 * One message queued for a connection: the complete JSON envelope (shared, never modified) and,
 * when it moves a channel's position (an event, or a {@code subscribed} answer), that channel's
 * epoch and offset after it; {@code channel} is null for messages that move nothing.
 */
public record Outgoing(byte[] payload, String channel, String epoch, long offset) {

  /** An event envelope exactly as the log serialised it. */
  public static Outgoing of(ChannelEvent event) {
    return new Outgoing(event.envelope(), event.channel(), event.epoch(), event.offset());
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
