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

  /** The hub ended this connection's subscription to {@code channel} because access was lost. */
  void revoked(String channel);
}
