package dev.tidings.plugin.cluster.redis;

/**
 * How much history Redis keeps: {@code channelMaxLen} events per channel stream and
 * {@code fanoutMaxLen} entries of the fan-out stream (how far a node may fall behind, e.g. during a
 * Redis failover or a long GC, and still catch up). {@code exact} trims to the exact count; the
 * default trims approximately ({@code MAXLEN ~}), which Redis does in whole blocks and much cheaper.
 */
public record RedisRetention(long channelMaxLen, long fanoutMaxLen, boolean exact) {

  public RedisRetention {
    if (channelMaxLen < 1 || fanoutMaxLen < 1) {
      throw new IllegalArgumentException("Redis retention must keep at least one event");
    }
  }

  String trim() {
    return exact ? "=" : "~";
  }
}
