package dev.tidings.cli;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Reconnect delays: exponential from {@code base} up to {@code max}, with "equal jitter" (half
 * fixed, half random), so many watchers cut off together do not come back together.
 */
record Backoff(Duration base, Duration max, DoubleSupplier random) {

  /** The delay before attempt {@code n} (1 = the first retry). */
  Duration delay(int n) {
    long ceiling = max.toMillis();
    long d = base.toMillis();
    for (int i = 1; i < n && d < ceiling; i++) {
      d *= 2;
    }
    d = Math.min(d, ceiling);
    return Duration.ofMillis(d / 2 + (long) (random.getAsDouble() * (d - d / 2)));
  }
}
