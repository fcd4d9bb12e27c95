package dev.samplehost.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

  private static LoginThrottle throttle(int perAddress, int perAccount) {
    return new LoginThrottle(new AuthSettings(AuthSettings.DEFAULT_ITERATIONS, false, perAddress, perAccount,
        Duration.ofSeconds(30), Duration.ofMinutes(15), Duration.ofMinutes(15), 2));
  }

  @Test
  void anAddressWaitsOnceItReachesItsLimitAndTheWaitDoubles() {
    LoginThrottle t = throttle(3, 100);
    t.failed("10.0.0.1", "alice");
    t.failed("10.0.0.1", "bob");
    assertThat(t.retryAfterSeconds("10.0.0.1", "carol")).isZero();
    t.failed("10.0.0.1", "carol");
    assertThat(t.retryAfterSeconds("10.0.0.1", "carol")).isBetween(29L, 30L);
    t.failed("10.0.0.1", "carol");
    assertThat(t.retryAfterSeconds("10.0.0.1", "dave")).isBetween(59L, 60L);
    // Other addresses and the accounts themselves are not held up.
    assertThat(t.retryAfterSeconds("10.0.0.2", "carol")).isZero();
  }

  @Test
  void anAccountWaitsForEveryAddressAndASuccessClearsIt() {
    LoginThrottle t = throttle(100, 2);
    t.failed("10.0.0.1", "Alice");
    t.failed("10.0.0.2", "alice");
    assertThat(t.retryAfterSeconds("10.0.0.3", "ALICE")).isPositive();
    t.succeeded("alice");
    assertThat(t.retryAfterSeconds("10.0.0.3", "alice")).isZero();
  }

  @Test
  void theWaitIsCapped() {
    LoginThrottle t = throttle(1, 100);
    for (int i = 0; i < 40; i++) {
      t.failed("10.0.0.1", "x" + i);
    }
    assertThat(t.retryAfterSeconds("10.0.0.1", "y")).isBetween(899L, 900L);
  }

  @Test
  void passwordsKeepWorkingAcrossIterationCounts() {
    String legacy = Passwords.hash("secret-1", Passwords.LEGACY_ITERATIONS);
    assertThat(Passwords.iterations(legacy)).isEqualTo(120_000);
    assertThat(Passwords.verify("secret-1", legacy)).isTrue();
    assertThat(Passwords.verify("secret-2", legacy)).isFalse();
    assertThat(Passwords.iterations("garbage")).isEqualTo(-1);
  }
}
