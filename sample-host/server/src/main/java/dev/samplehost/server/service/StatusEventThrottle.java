package dev.samplehost.server.service;

import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a CI job that reports progress many times a second from flooding the event log: per key
 * (repository, sha, context) a progress update fires at most once per {@link #WINDOW_MS}; one that
 * comes sooner is held and fired when the window ends (a newer one replaces it, so the latest
 * progress is always delivered). Any other change fires at once and drops what is held, so a held
 * progress never arrives after the final state. Fires under this object's lock, so the events of
 * one key leave in order.
 */
@Singleton
public final class StatusEventThrottle {

  /** The shortest time between two progress events of one key. */
  public static final long WINDOW_MS = 1000;
  private static final int PURGE_ABOVE = 1024;

  private final Map<String, Slot> slots = new HashMap<>();
  private final ScheduledThreadPoolExecutor timer;

  private static final class Slot {
    long lastFired;
    Runnable held;
  }

  /** A throttle whose timer thread exists only while something is held. */
  public StatusEventThrottle() {
    timer = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "host-status-events");
      t.setDaemon(true);
      return t;
    });
    timer.setKeepAliveTime(5, TimeUnit.SECONDS);
    timer.allowCoreThreadTimeOut(true);
    timer.setRemoveOnCancelPolicy(true);
  }

  /** Fires {@code fire} now, or (a progress update inside the window) when the window ends. */
  public synchronized void submit(String key, boolean progressUpdate, Runnable fire) {
    long now = System.nanoTime() / 1_000_000;
    purgeIfLarge(now);
    Slot slot = slots.computeIfAbsent(key, k -> new Slot());
    long wait = slot.lastFired == 0 ? 0 : slot.lastFired + WINDOW_MS - now;
    if (!progressUpdate || (wait <= 0 && slot.held == null)) {
      slot.held = null;
      slot.lastFired = now;
      fire.run();
      return;
    }
    boolean scheduled = slot.held != null;
    slot.held = fire;
    if (!scheduled) {
      timer.schedule(() -> flush(key), Math.max(0, wait), TimeUnit.MILLISECONDS);
    }
  }

  private synchronized void flush(String key) {
    Slot slot = slots.get(key);
    if (slot == null || slot.held == null) {
      return; // a state change fired meanwhile and dropped it
    }
    long now = System.nanoTime() / 1_000_000;
    long wait = slot.lastFired + WINDOW_MS - now;
    if (wait > 0) {
      // A state change fired since this flush was planned: its window starts again.
      timer.schedule(() -> flush(key), wait, TimeUnit.MILLISECONDS);
      return;
    }
    Runnable fire = slot.held;
    slot.held = null;
    slot.lastFired = now;
    try {
      fire.run();
    } catch (RuntimeException e) {
      org.slf4j.LoggerFactory.getLogger(StatusEventThrottle.class).warn("A held status event failed", e);
    }
  }

  private void purgeIfLarge(long now) {
    if (slots.size() < PURGE_ABOVE) {
      return;
    }
    for (Iterator<Slot> it = slots.values().iterator(); it.hasNext(); ) {
      Slot s = it.next();
      if (s.held == null && now - s.lastFired >= WINDOW_MS) {
        it.remove();
      }
    }
  }
}
