package dev.samplehost.server.auth;

import dev.samplehost.api.InvalidCredentialsException;

/**
 * A password check refused before it ran, because its address or account guessed wrong too often
 * (or every hashing slot stayed busy): the host answers 429 with {@code Retry-After}.
 */
public final class TooManyAttemptsException extends InvalidCredentialsException {
  private static final long serialVersionUID = 1L;
  private final long retryAfterSeconds;

  public TooManyAttemptsException(long retryAfterSeconds) {
    super("Too many failed sign-in attempts; try again in " + retryAfterSeconds + " s");
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** Seconds to wait, for {@code Retry-After}. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
