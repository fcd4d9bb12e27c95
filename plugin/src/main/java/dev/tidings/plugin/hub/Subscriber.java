package dev.tidings.plugin.hub;

/**
 * One client connection as the hub sees it, whatever its transport (WebSocket, SSE, long-poll):
 * who it is and where its messages go.
 */
public interface Subscriber {

  /** The subscriber's login, or null when anonymous. */
  String login();

  /** Queues a message without blocking; false when the connection is closed or just overflowed. */
  boolean send(Outgoing message);

  /**
   * Queues a message but leaves starting the write to {@link #flush()}: the hub queues a burst of
   * events for every subscriber first and then flushes each once, so a burst becomes one write.
   */
  default boolean sendDeferred(Outgoing message) {
    return send(message);
  }

  /**
   * Queues a replayed message: replays are bounded by {@code hub.replay.maxEvents} and are let
   * past the live queue limits, which would otherwise cut every client resuming a long gap.
   */
  default boolean sendReplayed(Outgoing message) {
    return send(message);
  }

  /** Starts writing what {@link #sendDeferred} queued (no-op when a write is in flight). */
  default void flush() {}

  /** The hub ended this connection's subscription to {@code channel} because access was lost. */
  void revoked(String channel);
}
