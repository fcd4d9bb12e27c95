package dev.tidings.plugin.ws;

/**
 * The WebSocket close codes the server sends. 4000-4499: reconnect (with back-off) and resume
 * with {@code since}; 4500-4999: do not reconnect without changing something first.
 */
public final class CloseCodes {

  /** Server shutting down or the plugin stopping: reconnect and resume. */
  public static final int SHUTDOWN = 4000;
  /** The client read too slowly and its outbound queue overflowed: reconnect and resume. */
  public static final int SLOW_CONSUMER = 4008;
  /** The user or address already has the maximum of open connections: reconnect later. */
  public static final int TOO_MANY_CONNECTIONS = 4029;
  /** The client kept sending commands while rate-limited: reconnect later, send less. */
  public static final int COMMAND_FLOOD = 4030;
  /**
   * The session or token the connection was opened with was signed out, expired or deleted (or its
   * user deleted): final; reconnecting with the same credential cannot help.
   */
  public static final int CREDENTIALS_REVOKED = dev.tidings.plugin.access.CredentialWatcher.CLOSE_CODE;
  /**
   * The client collected {@code ws.maxForbidden} refused subscribes (probing channel names): reconnect
   * later, and ask only for channels it may read.
   */
  public static final int TOO_MANY_FORBIDDEN = 4031;
  /** An inbound message exceeded {@code ws.maxMessageBytes} (standard code). */
  public static final int MESSAGE_TOO_LARGE = 1009;

  private CloseCodes() {}
}
