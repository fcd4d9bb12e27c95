package dev.tidings.plugin.hub;

import dev.tidings.plugin.config.HubSettings;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server-wide limits on replays: bytes of replayed events read from the log and not yet
 * written ({@code hub.replay.maxBytesInFlight}), and connections per client address with a replay
 * running or queued ({@code hub.replay.maxPerIp}). A resume beyond them is refused with
 * {@code rate_limited} (HTTP 429 with {@code Retry-After}) instead of costing memory.
 */
final class ReplayBudget {

  private final HubSettings settings;
  private final AtomicLong inFlight = new AtomicLong();
  private final ConcurrentHashMap<String, Integer> perAddress = new ConcurrentHashMap<>();

  /** A budget with the limits of {@code settings}. */
  ReplayBudget(HubSettings settings) {
    this.settings = settings;
  }

  /**
   * Admits one more connection with replays from {@code address} (null: not counted per address),
   * unless that address is at its limit or the server's replay memory is used up.
   */
  boolean tryOpen(String address) {
    if (inFlight.get() >= settings.replayMaxBytesInFlight()) {
      return false;
    }
    if (address == null) {
      return true;
    }
    boolean[] ok = {false};
    perAddress.compute(address, (a, n) -> {
      int count = n == null ? 0 : n;
      if (count < settings.replayMaxPerIp()) {
        ok[0] = true;
        count++;
      }
      return count == 0 ? null : count;
    });
    return ok[0];
  }

  /** Gives back what {@link #tryOpen} admitted. */
  void close(String address) {
    if (address != null) {
      perAddress.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
    }
  }

  /**
   * Reserves {@code bytes} of replay memory unless that would pass the ceiling (a reservation is
   * always granted when nothing else is in flight, so one page larger than the ceiling still moves).
   */
  boolean tryReserve(long bytes) {
    while (true) {
      long now = inFlight.get();
      if (now > 0 && now + bytes > settings.replayMaxBytesInFlight()) {
        return false;
      }
      if (inFlight.compareAndSet(now, now + bytes)) {
        return true;
      }
    }
  }

  /** Adds {@code bytes} to what is reserved (a page turned out larger than reserved), or gives back with a negative value. */
  void adjust(long bytes) {
    inFlight.addAndGet(bytes);
  }

  /** Bytes reserved now (metrics and tests). */
  long inFlight() {
    return inFlight.get();
  }
}
