package dev.tidings.plugin.session;

import dev.tidings.plugin.access.CredentialWatcher;

/**
 * Why the server ends a connection, with the WebSocket close code and reason for each (see
 * docs/protocol.md). 4000-4499: reconnect (with back-off) and resume with {@code since};
 * 4500-4999: do not reconnect without changing something first. Other transports map these to
 * their own signals.
 */
public enum CloseReason {
  /** Server shutting down or the plugin stopping: reconnect and resume. */
  SHUTDOWN(4000, "server shutting down"),
  /** The client read too slowly and its outbound queue overflowed: reconnect and resume. */
  SLOW_CONSUMER(4008, "slow consumer"),
  /** The user or address already has the maximum of open connections: reconnect later. */
  TOO_MANY_CONNECTIONS(4029, "too many connections"),
  /** The client kept sending commands while rate-limited: reconnect later, send less. */
  COMMAND_FLOOD(4030, "command flood"),
  /**
   * The client collected {@code ws.maxForbidden} refused subscribes (probing channel names):
   * reconnect later, and ask only for channels it may read.
   */
  TOO_MANY_FORBIDDEN(4031, "too many forbidden subscriptions"),
  /**
   * The session or token the connection was opened with was signed out, expired or deleted (or its
   * user deleted): final; reconnecting with the same credential cannot help.
   */
  CREDENTIALS_REVOKED(CredentialWatcher.CLOSE_CODE, CredentialWatcher.REASON),
  /** An inbound message exceeded {@code ws.maxMessageBytes} (standard code). */
  MESSAGE_TOO_LARGE(1009, "message too large");

  private final int code;
  private final String reason;

  CloseReason(int code, String reason) {
    this.code = code;
    this.reason = reason;
  }

  /** The WebSocket close code. */
  public int code() {
    return code;
  }

  /** The WebSocket close reason. */
  public String reason() {
    return reason;
  }
}
