package dev.tidings.plugin.notify;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The notification fan-out's Micrometer meters: threads written, recipients skipped and why, and
 * the time to store one event's threads. Recorded once per event with its counts, never once per
 * recipient: a push to 10,000 watchers is three meter updates.
 */
@Singleton
public final class NotifyMetrics {

  /** Why a user who was offered a thread did not get one. */
  public enum Skip {
    /** The user caused the event and does not want their own actions. */
    OWN_ACTION("own_action"),
    /** The user's watch level or in-app setting excludes this kind of event. */
    PREFERENCE("preference"),
    /** The user cannot read the repository (now). */
    NO_ACCESS("no_access");

    final String tag;

    Skip(String tag) {
      this.tag = tag;
    }
  }

  /** Skips tallied while resolving one event's recipients, recorded at once afterwards. */
  public static final class Skips {
    private final int[] counts = new int[Skip.values().length];

    public void add(Skip reason) {
      counts[reason.ordinal()]++;
    }

    public int count(Skip reason) {
      return counts[reason.ordinal()];
    }
  }

  private final Counter written;
  private final Map<Skip, Counter> skipped = new EnumMap<>(Skip.class);
  private final Timer fanout;
  private final Counter routed;
  private final Counter missed;
  private final Counter failed;
  private final Counter dropped;

  /** Registers the meters in {@code registry}. */
  @Inject
  public NotifyMetrics(MeterRegistry registry) {
    written = Counter.builder("tidings.notifications.written")
        .description("Notification threads created or updated (one per recipient and subject)").register(registry);
    for (Skip s : Skip.values()) {
      // Registered up front so that every reason shows up at 0 before it first happens.
      skipped.put(s, Counter.builder("tidings.notifications.skipped").tag("reason", s.tag)
          .description("Users offered a thread who did not get one, by reason").register(registry));
    }
    fanout = Timer.builder("tidings.notifications.fanout")
        .description("Time to store one event's notification threads, from queueing the write to its commit")
        .publishPercentiles(0.5, 0.99).register(registry);
    routed = Counter.builder("tidings.notifications.events.routed")
        .description("Events the notification router finished, from the journal or the Redis work stream (whatever their number of threads)")
        .register(registry);
    missed = Counter.builder("tidings.notifications.events.missed")
        .description("Events the router never routed because journal retention (or redis.work.maxLen) removed them before it got there")
        .register(registry);
    failed = Counter.builder("tidings.notifications.events.failed")
        .description("Events the router gave up on after retries (logged with the event id)")
        .register(registry);
    dropped = Counter.builder("tidings.notifications.events.dropped")
        .description("user: channel events (new threads, status changes) that could not be appended; logged")
        .register(registry);
  }

  /** {@code n} user-channel events that could not be appended (their threads are stored; the bell catches up on reload). */
  public void dropped(int n) {
    dropped.increment(n);
  }

  /** One event finished by the router. */
  public void routed() {
    routed.increment();
  }

  /** {@code n} events lost to journal retention (or Redis work stream trimming) before the router read them. */
  public void missed(long n) {
    missed.increment(n);
  }

  /** One event given up after retries. */
  public void failed() {
    failed.increment();
  }

  /** One event's threads stored: {@code threads} rows written in one transaction that took {@code nanos}. */
  public void stored(int threads, long nanos) {
    written.increment(threads);
    fanout.record(nanos, TimeUnit.NANOSECONDS);
  }

  /** One event's skipped recipients. */
  public void skipped(Skips skips) {
    for (Skip s : Skip.values()) {
      int n = skips.count(s);
      if (n > 0) {
        skipped.get(s).increment(n);
      }
    }
  }
}
