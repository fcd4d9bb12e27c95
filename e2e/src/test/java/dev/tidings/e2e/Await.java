package dev.tidings.e2e;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** Polls a condition until it holds or a deadline passes (the e2e tests never sleep-and-assert). */
final class Await {
  /** How long the e2e tests wait for anything that should happen "at once" (generous: 2 shared cores). */
  static final Duration DEFAULT = Duration.ofSeconds(20);

  private Await() {}

  /** Returns the first present value of {@code probe} within {@code timeout}, else fails naming {@code what}. */
  static <T> T until(String what, Duration timeout, Supplier<Optional<T>> probe) {
    long deadline = System.nanoTime() + timeout.toNanos();
    int rounds = 0;
    while (true) {
      Optional<T> value = probe.get();
      if (value.isPresent()) {
        return value.get();
      }
      if (System.nanoTime() - deadline > 0 || ++rounds > 1_000_000) {
        throw new AssertionError("Timed out after " + timeout.toMillis() + " ms waiting for: " + what);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("Interrupted waiting for: " + what, e);
      }
    }
  }

  /** Like {@link #until(String, Duration, Supplier)} with {@link #DEFAULT}. */
  static <T> T until(String what, Supplier<Optional<T>> probe) {
    return until(what, DEFAULT, probe);
  }

  /** Waits until {@code condition} is true. */
  static void isTrue(String what, Supplier<Boolean> condition) {
    until(what, () -> condition.get() ? Optional.of(Boolean.TRUE) : Optional.empty());
  }
}
