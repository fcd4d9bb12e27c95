package dev.tidings.plugin.presence;

import dev.tidings.plugin.hub.Outgoing;

/** A connection as presence sees it: who it is, where its messages go, and how it learns it was dropped. */
public interface PresenceClient {

  /** The login the connection reads as; null when anonymous (sees viewers, never appears). */
  String login();

  /** Queues a message without blocking; false when the connection is closed or overflowed. */
  boolean send(Outgoing message);

  /** The server ended {@code member}, this connection's presence on its channel (read access lost). */
  void presenceRevoked(Member member);
}
