package dev.tidings.plugin.hub;

/**
 * A resume ({@code since}) refused because the server's replay budget is used up: too many
 * connections from the address are replaying ({@code hub.replay.maxPerIp}) or the replay memory
 * in flight is at {@code hub.replay.maxBytesInFlight}. Transports answer {@code rate_limited}
 * (HTTP 429 with {@code Retry-After}); nothing was subscribed.
 */
public final class ReplayRefusedException extends RuntimeException {

  /** Seconds after which a retry is sensible. */
  public static final int RETRY_AFTER_SECONDS = 5;

  /** The refusal, with the message clients see. */
  public ReplayRefusedException() {
    super("Too many resumes in progress from this address or on this server; retry later", null, false, false);
  }
}
