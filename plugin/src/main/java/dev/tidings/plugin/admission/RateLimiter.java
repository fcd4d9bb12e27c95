package dev.tidings.plugin.admission;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Token buckets by key (a user's login, a repository, a channel): each key gets {@code burst}
 * tokens that refill at {@code perSecond}. At most {@code maxKeys} buckets are kept (least recently
 * used first out), so a flood of distinct keys costs bounded memory; a dropped bucket starts full
 * again, which only ever lets a key through sooner. Thread-safe.
 */
public final class RateLimiter {

  private final double perSecond;
  private final double burst;
  private final Map<String, Bucket> buckets;

  /** {@code burst} tokens per key, refilled at {@code perSecond}, for at most {@code maxKeys} keys. */
  public RateLimiter(double perSecond, double burst, int maxKeys) {
    this.perSecond = Math.max(0, perSecond);
    this.burst = Math.max(1, burst);
    this.buckets = new LinkedHashMap<>(64, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
        return size() > maxKeys;
      }
    };
  }

  /**
   * Takes {@code cost} tokens from {@code key}'s bucket: 0 when taken, otherwise the whole seconds
   * (at least 1) until they would be there, for a {@code Retry-After}; nothing is taken then. A cost
   * above the burst is never possible: it answers the time to a full bucket and takes nothing.
   */
  public synchronized long tryTake(String key, double cost) {
    Bucket b = refill(key);
    if (b.tokens >= cost) {
      b.tokens -= cost;
      return 0;
    }
    double missing = Math.min(cost, burst) - b.tokens;
    return perSecond <= 0 ? 3600 : Math.max(1, (long) Math.ceil(missing / perSecond));
  }

  /** Takes up to {@code wanted} whole tokens from {@code key}'s bucket and answers how many it took. */
  public synchronized int takeUpTo(String key, int wanted) {
    Bucket b = refill(key);
    int granted = (int) Math.min(wanted, Math.floor(b.tokens));
    b.tokens -= Math.max(0, granted);
    return Math.max(0, granted);
  }

  /** How many buckets are kept (for tests). */
  synchronized int size() {
    return buckets.size();
  }

  private Bucket refill(String key) {
    long now = System.nanoTime();
    Bucket b = buckets.computeIfAbsent(key, k -> new Bucket(burst, now));
    b.tokens = Math.min(burst, b.tokens + (now - b.last) / 1e9 * perSecond);
    b.last = now;
    return b;
  }

  private static final class Bucket {
    double tokens;
    long last;

    Bucket(double tokens, long last) {
      this.tokens = tokens;
      this.last = last;
    }
  }
}
