package dev.tidings.plugin.session;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidings.plugin.hub.Delivery;
import dev.tidings.plugin.hub.ErrorCode;
import dev.tidings.plugin.hub.Outgoing;
import dev.tidings.plugin.hub.Replies;
import dev.tidings.plugin.hub.SubscribeStart;

/**
 * A transport's framing adapter as its {@link ClientSession} sees it: where the session's messages
 * go ({@link Delivery}) and how the transport says what the protocol decided. The defaults write
 * the protocol's JSON messages; a transport without a message stream (long-poll) overrides them.
 */
public interface SessionOutput extends Delivery {

  /** {@code ws}, {@code sse} or {@code poll}. */
  String transport();

  /**
   * The protocol version the client negotiated (WebSocket subprotocol), or null when it named none:
   * only a client that negotiated one gets the {@code welcome} message first (older clients do not
   * expect it).
   */
  default String protocol() {
    return null;
  }

  /** Answers a subscribe (the command's {@code id}, or null) before any of the channel's events. */
  default void subscribed(SubscribeStart start, JsonNode id) {
    send(new Outgoing(Replies.subscribed(start, id), start.channel(), start.epoch(), start.standsAt()));
  }

  /** The server ended the subscription to {@code channel}: the error, then {@code unsubscribed}. */
  default void ended(String channel, ErrorCode code, String message) {
    send(Outgoing.control(Replies.error(code, message, channel, null)));
    send(Outgoing.control(Replies.unsubscribed(channel, null)));
  }

  /** Called every {@code ws.pingInterval} while open: keep-alive for transports that need it. */
  default void keepAlive() {}

  /** Whether the underlying connection is still open (the close handshake has not finished). */
  default boolean isOpen() {
    return false;
  }

  /**
   * Ends the connection with the transport's signal for {@code reason}; must not block. The session
   * ends its subscriptions and gives back its place right after.
   */
  void close(CloseReason reason);
}
