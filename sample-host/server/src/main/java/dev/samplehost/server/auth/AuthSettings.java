package dev.samplehost.server.auth;

import java.time.Duration;

/**
 * The host's authentication settings (set with {@code HostServer.Builder.auth}, or the command-line
 * options of the same names).
 *
 * @param passwordIterations PBKDF2-SHA256 iterations for new and re-hashed passwords (600,000, the
 *     OWASP 2023 figure; older hashes keep their own count and are re-hashed at the next sign-in).
 *     Lower it only for test suites, which create and check many passwords.
 * @param queryTokens whether {@code ?token=}/{@code ?access_token=} authenticate on {@code /api/v1}
 *     (off, like Gitea's {@code DISABLE_QUERY_AUTH_TOKEN = true}: URLs end up in logs and Referers)
 * @param ipFailures wrong passwords from one address before it has to wait (then 429)
 * @param accountFailures wrong passwords for one account, from anywhere, before it has to wait;
 *     higher than {@code ipFailures} so that one guesser cannot lock the owner out
 * @param firstBackoff the first wait once a limit is reached; it doubles with every further failure
 * @param maxBackoff the longest wait
 * @param failureWindow failures older than this (counted from the last one) are forgotten
 * @param concurrentPasswordChecks password hashes computed at the same time, host-wide
 */
public record AuthSettings(int passwordIterations, boolean queryTokens, int ipFailures, int accountFailures,
    Duration firstBackoff, Duration maxBackoff, Duration failureWindow, int concurrentPasswordChecks) {

  /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. */
  public static final int DEFAULT_ITERATIONS = 600_000;

  public AuthSettings {
    if (passwordIterations < 10_000) {
      throw new IllegalArgumentException("passwordIterations must be at least 10000: " + passwordIterations);
    }
    if (ipFailures < 1 || accountFailures < 1 || concurrentPasswordChecks < 1) {
      throw new IllegalArgumentException("failure limits and concurrentPasswordChecks must be at least 1");
    }
    if (firstBackoff.isNegative() || firstBackoff.isZero() || maxBackoff.compareTo(firstBackoff) < 0
        || failureWindow.isNegative() || failureWindow.isZero()) {
      throw new IllegalArgumentException("backoffs and window must be positive, maxBackoff >= firstBackoff");
    }
  }

  /**
   * Test suites only: a system property that lowers the default iteration count, so that the many
   * hosts a build starts (each hashes and checks the demo passwords) do not spend minutes in PBKDF2.
   * The build's surefire configuration sets it; a production host never should (use
   * {@code --password-iterations} for a deliberate choice).
   */
  public static final String TEST_ITERATIONS_PROPERTY = "samplehost.auth.testPasswordIterations";

  /**
   * The defaults: 600k iterations (unless {@link #TEST_ITERATIONS_PROPERTY} is set), no query
   * tokens, 10 failures per address, 50 per account, a wait of 30 s doubling up to 15 min.
   */
  public static AuthSettings defaults() {
    return new AuthSettings(Integer.getInteger(TEST_ITERATIONS_PROPERTY, DEFAULT_ITERATIONS), false, 10, 50,
        Duration.ofSeconds(30), Duration.ofMinutes(15), Duration.ofMinutes(15),
        Math.max(2, Runtime.getRuntime().availableProcessors()));
  }

  /** A copy with another iteration count. */
  public AuthSettings withPasswordIterations(int value) {
    return new AuthSettings(value, queryTokens, ipFailures, accountFailures, firstBackoff, maxBackoff,
        failureWindow, concurrentPasswordChecks);
  }

  /** A copy with query-parameter tokens on or off. */
  public AuthSettings withQueryTokens(boolean value) {
    return new AuthSettings(passwordIterations, value, ipFailures, accountFailures, firstBackoff, maxBackoff,
        failureWindow, concurrentPasswordChecks);
  }
}
