package dev.tidings.plugin.hub;

import dev.tidings.plugin.config.HubSettings;
import dev.tidings.plugin.lifecycle.Workers;
import dev.tidings.plugin.lifecycle.Phase;
import dev.tidings.plugin.lifecycle.Managed;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One shared timer thread for keep-alives, long-poll timeouts and forced disconnects, so that no
 * connection owns a thread; it also sends every connection's keep-alive at the ping interval.
 */
@Singleton
public final class HubTimer implements Managed {

  private static final Logger log = LoggerFactory.getLogger(HubTimer.class);

  private final Connections connections;
  private final HubSettings settings;
  private volatile ScheduledExecutorService scheduler;

  /** A timer that pings the connections of {@code connections}. */
  @Inject
  public HubTimer(Connections connections, HubSettings settings) {
    this.connections = connections;
    this.settings = settings;
  }

  @Override
  public Phase phase() {
    return Phase.HUB;
  }

  @Override
  public void start() {
    ScheduledExecutorService s = Workers.timer("hub-timer");
    scheduler = s;
    long ping = settings.wsPingInterval().toMillis();
    s.scheduleWithFixedDelay(this::keepAlive, ping, ping, TimeUnit.MILLISECONDS);
  }

  private void keepAlive() {
    for (Connection c : connections.snapshot()) {
      try {
        c.keepAlive();
      } catch (RuntimeException e) {
        log.debug("Keep-alive failed on {}", c, e);
      }
    }
  }

  /** Runs {@code task} once after {@code delay}; null when the timer is stopped. */
  public ScheduledFuture<?> schedule(Runnable task, Duration delay) {
    ScheduledExecutorService s = scheduler;
    if (s == null) {
      return null;
    }
    try {
      return s.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Runs {@code task} every {@code period}; null when the timer is stopped. */
  public ScheduledFuture<?> every(Runnable task, Duration period) {
    ScheduledExecutorService s = scheduler;
    if (s == null) {
      return null;
    }
    try {
      return s.scheduleWithFixedDelay(task, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      return null;
    }
  }

  @Override
  public void stop() throws InterruptedException {
    ScheduledExecutorService s = scheduler;
    scheduler = null;
    if (s != null) {
      s.shutdownNow();
      s.awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
