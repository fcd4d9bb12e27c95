package dev.tidings.plugin.cluster.redis;

/**
 * How much history Redis keeps: {@code channelMaxLen} events per channel stream and
 * {@code fanoutMaxLen} entries of the fan-out stream (how far a node may fall behind, e.g. during a
 * Redis failover or a long GC, and still catch up), {@code workMaxLen} entries of the notification
 * work stream (entries trimmed before a node took them get no notifications). {@code exact} trims to the exact count; the
 * default trims approximately ({@code MAXLEN ~}), which Redis does in whole blocks and much cheaper.
 */
public record RedisRetention(long channelMaxLen, long fanoutMaxLen, long workMaxLen, boolean exact) {

  /** The default {@code redis.work.maxLen}. */
  public static final long WORK_MAX_LEN = 1_000_000;

  public RedisRetention {
    if (channelMaxLen < 1 || fanoutMaxLen < 1 || workMaxLen < 1) {
      throw new IllegalArgumentException("Redis retention must keep at least one event");
    }
  }

  public RedisRetention(long channelMaxLen, long fanoutMaxLen, boolean exact) {
    this(channelMaxLen, fanoutMaxLen, WORK_MAX_LEN, exact);
  }

  String trim() {
    return exact ? "=" : "~";
  }
}
