package dev.tidings.bench.scenario;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition with a deadline (never an open-ended wait). */
final class Wait {

  private Wait() {
  }

  /** True when the condition held before the timeout. */
  static boolean until(BooleanSupplier condition, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(5);
    }
    return condition.getAsBoolean();
  }

  /** Waits until {@code counter} stops changing for {@code quiet}, bounded by {@code timeout}. */
  static void quiet(java.util.function.LongSupplier counter, Duration quiet, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long last = counter.getAsLong();
    long since = System.nanoTime();
    while (System.nanoTime() < deadline) {
      Thread.sleep(20);
      long now = counter.getAsLong();
      if (now != last) {
        last = now;
        since = System.nanoTime();
      } else if (System.nanoTime() - since >= quiet.toNanos()) {
        return;
      }
    }
  }
}
