package dev.tidings.plugin.hub;

/** An open client connection of any transport, as the connection registry tracks it. */
public interface Connection {

  /** {@code ws}, {@code sse} or {@code poll}. */
  String transport();

  /** Called every {@code ws.pingInterval} while open: keep-alive for transports that need it. */
  default void keepAlive() {}

  /** Whether the underlying connection is still open (the close handshake has not finished). */
  default boolean isOpen() {
    return false;
  }

  /** Closes the connection because the server is stopping (resumable: clients reconnect). */
  void shutdown();
}
