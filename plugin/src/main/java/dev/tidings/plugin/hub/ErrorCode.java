package dev.tidings.plugin.hub;

/** The protocol's stable error codes and whether retrying the same command can help. */
public enum ErrorCode {
  BAD_REQUEST("bad_request", false),
  UNKNOWN_TYPE("unknown_type", false),
  BAD_CHANNEL("bad_channel", false),
  FORBIDDEN("forbidden", false),
  UNAUTHENTICATED("unauthenticated", false),
  TOO_MANY_SUBSCRIPTIONS("too_many_subscriptions", false),
  RATE_LIMITED("rate_limited", true),
  MESSAGE_TOO_LARGE("message_too_large", false),
  /** An event too large for the connection's queue was skipped: resubscribe with {@code since}. */
  EVENT_TOO_LARGE("event_too_large", true),
  /** A replay could not be completed (history pruned while it was read): subscribe again with {@code since}. */
  REPLAY_INTERRUPTED("replay_interrupted", true),
  INTERNAL("internal", true);

  private final String code;
  private final boolean retry;

  ErrorCode(String code, boolean retry) {
    this.code = code;
    this.retry = retry;
  }

  /** The wire code, e.g. {@code bad_channel}. */
  public String code() {
    return code;
  }

  /** Whether sending the same command again (later) can succeed. */
  public boolean retry() {
    return retry;
  }
}
