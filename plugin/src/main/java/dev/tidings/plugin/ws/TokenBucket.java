package dev.tidings.plugin.ws;

/**
 * A per-connection command rate limit: {@code rate} tokens a second up to {@code burst}; not
 * thread-safe. The rate and burst are shared settings, so a bucket holds only its two changing
 * fields (the connection embeds it rather than owning a separate object per connection).
 */
final class TokenBucket {

  private double tokens;
  private long last;

  TokenBucket(int burst) {
    this.tokens = burst;
    this.last = System.nanoTime();
  }

  /** Takes one token if there is one, refilling at {@code ratePerSecond} up to {@code burst}. */
  boolean tryTake(double ratePerSecond, int burst) {
    long now = System.nanoTime();
    tokens = Math.min(burst, tokens + (now - last) * (ratePerSecond / 1_000_000_000d));
    last = now;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }
}
