package dev.tidings.plugin.notify.route;

import dev.tidings.hooks.TidingsEvent;
import dev.tidings.plugin.notify.NotifyMetrics;
import dev.tidings.plugin.store.Unavailable;
import org.slf4j.Logger;

/**
 * The retry policy the notification feeds share (the journal's {@link NotificationFeed} and the
 * Redis work stream's feed): an unreachable notification database is waited for without using up
 * an attempt (and logged once, then once more when it is back); any other failure is retried
 * {@value #ATTEMPTS} times, then the event is skipped, logged and counted. One per feed thread.
 */
public final class RoutingAttempts {

  static final int ATTEMPTS = 3;
  private static final long UNAVAILABLE_PAUSE_MILLIS = 500;

  /** One try at routing the event. */
  @FunctionalInterface
  public interface Attempt {
    void run() throws Exception;
  }

  /** After a failed try: whether the event's routing committed anyway (a write that timed out). */
  @FunctionalInterface
  public interface Committed {
    boolean check() throws InterruptedException;
  }

  /** The feed's wait: {@code millis} or less when the feed stops; false when it stops. */
  @FunctionalInterface
  public interface Pause {
    boolean pause(long millis) throws InterruptedException;
  }

  private final Logger log;
  private final NotifyMetrics metrics;
  private final Pause pause;
  private volatile boolean waitingForDatabase;

  /** Logs to the feed's own {@code log}. */
  public RoutingAttempts(Logger log, NotifyMetrics metrics, Pause pause) {
    this.log = log;
    this.metrics = metrics;
    this.pause = pause;
  }

  /** Whether routing waits for an unreachable notification database (health, tests). */
  public boolean waitingForDatabase() {
    return waitingForDatabase;
  }

  /**
   * Routes {@code event} ({@code where}: its place in the feed's input, for the logs, e.g.
   * "journal position 12"). True when it is finished: routed, found committed by {@code committed},
   * or skipped after {@value #ATTEMPTS} failures; false when the feed stopped while waiting for the
   * database (the event is not done: the next start routes it).
   */
  public boolean route(TidingsEvent event, String where, Attempt attempt, Committed committed)
      throws InterruptedException {
    for (int n = 1; ; n++) {
      try {
        attempt.run();
        break;
      } catch (InterruptedException x) {
        throw x;
      } catch (Exception x) {
        if (Thread.currentThread().isInterrupted()) {
          throw new InterruptedException();
        }
        if (committed.check()) {
          break;
        }
        if (Unavailable.is(x)) {
          // The notification database is down (PostgreSQL restarting): no attempt is used up, the
          // event waits until it is back. Routing again after an ambiguous commit is harmless: the
          // event's claim (notify_processed) makes the second time a no-op.
          if (!waitingForDatabase) {
            log.warn("Notification database unreachable while routing {} ({}); waiting for it: {}",
                event.id(), where, x.toString());
            waitingForDatabase = true;
          }
          n = 0;
          if (!pause.pause(UNAVAILABLE_PAUSE_MILLIS)) {
            return false;
          }
          continue;
        }
        if (n >= ATTEMPTS) {
          log.error("Routing notifications for {} {} ({}) failed {} times; skipped", event.type(), event.id(), where,
              n, x);
          metrics.failed();
          break;
        }
        log.warn("Routing notifications for {} {} failed (attempt {}); retrying", event.type(), event.id(), n, x);
        Thread.sleep(200L * n);
      }
    }
    if (waitingForDatabase) {
      log.info("Notification database reachable again; routing goes on at {}", where);
      waitingForDatabase = false;
    }
    return true;
  }
}
