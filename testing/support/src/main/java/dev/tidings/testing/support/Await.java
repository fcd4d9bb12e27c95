package dev.tidings.testing.support;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition until it holds or a deadline passes (tests never sleep-and-assert). */
public final class Await {
  /** How long tests wait for anything that should happen "at once" (generous: 2 shared cores). */
  public static final Duration DEFAULT = Duration.ofSeconds(20);
  /** The pause between two probes unless a caller names another. */
  public static final Duration POLL = Duration.ofMillis(10);

  private Await() {}

  /** Returns the first present value of {@code probe} within {@code timeout}, else fails naming {@code what}. */
  public static <T> T until(String what, Duration timeout, Supplier<Optional<T>> probe) {
    return until(what, timeout, POLL, probe);
  }

  /** Like {@link #until(String, Duration, Supplier)}, probing every {@code every}. */
  public static <T> T until(String what, Duration timeout, Duration every, Supplier<Optional<T>> probe) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long pause = Math.max(1, every.toMillis());
    while (true) {
      Optional<T> value = probe.get();
      if (value.isPresent()) {
        return value.get();
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("Timed out after " + timeout.toMillis() + " ms waiting for: " + what);
      }
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("Interrupted waiting for: " + what, e);
      }
    }
  }

  /** Like {@link #until(String, Duration, Supplier)} with {@link #DEFAULT}. */
  public static <T> T until(String what, Supplier<Optional<T>> probe) {
    return until(what, DEFAULT, probe);
  }

  /** Waits up to {@link #DEFAULT} until {@code condition} is true. */
  public static void isTrue(String what, BooleanSupplier condition) {
    isTrue(what, DEFAULT, condition);
  }

  /** Waits up to {@code timeout} until {@code condition} is true. */
  public static void isTrue(String what, Duration timeout, BooleanSupplier condition) {
    until(what, timeout, () -> condition.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty());
  }
}
