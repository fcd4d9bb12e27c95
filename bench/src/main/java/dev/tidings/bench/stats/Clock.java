package dev.tidings.bench.stats;

/** Epoch microseconds from the monotonic clock, so publisher and receivers in one JVM share one time base. */
public final class Clock {

  private static final long BASE_MICROS = System.currentTimeMillis() * 1000L;
  private static final long BASE_NANOS = System.nanoTime();

  private Clock() {
  }

  /** Microseconds since the epoch, monotonic within this process. */
  public static long micros() {
    return BASE_MICROS + (System.nanoTime() - BASE_NANOS) / 1000L;
  }
}
