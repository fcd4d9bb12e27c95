package dev.tidings.plugin.cluster.redis;

import dev.tidings.plugin.config.TidingsConfig;
import java.time.Duration;

/**
 * The {@code redis.*} settings of {@code broker=redis}: where Redis is ({@code redis.url}), the key
 * prefix shared by every node of one installation ({@code redis.keyPrefix}, "tidings"), how much
 * history it keeps ({@code redis.channelMaxLen}, by default {@code log.retention.maxEventsPerChannel};
 * {@code redis.fanoutMaxLen}, 100,000), {@code redis.work.maxLen}, 1,000,000), how long one command may wait ({@code redis.timeout}, 10 s:
 * appends fail after it while Redis is down), how long a fan-out read blocks ({@code redis.tailBlock})
 * and after how long another node takes over notification work a node took and never
 * acknowledged ({@code redis.work.claimAfter}, 30 s).
 */
public record RedisSettings(String url, RedisKeys keys, RedisRetention retention, Duration timeout,
    Duration tailBlock, Duration claimAfter) {

  /** The value of {@code broker} that selects this mode. */
  public static final String BROKER = "redis";
  /** The consumer group of the work stream that routes notifications. */
  public static final String WORK_GROUP = "notify";

  public RedisSettings {
    if (timeout.compareTo(tailBlock) <= 0) {
      // A blocking read longer than the command timeout would fail every time the stream is quiet.
      throw new IllegalArgumentException("redis.timeout must be longer than redis.tailBlock");
    }
    if (claimAfter.isNegative() || claimAfter.isZero()) {
      throw new IllegalArgumentException("redis.work.claimAfter must be positive");
    }
  }

  public static RedisSettings from(TidingsConfig config) {
    String url = config.getString("redis.url", null);
    if (url == null) {
      throw new IllegalArgumentException("broker=redis needs redis.url (e.g. redis://127.0.0.1:6379)");
    }
    long perChannel = config.getLong("log.retention.maxEventsPerChannel", 10_000);
    return new RedisSettings(url,
        new RedisKeys(config.getString("redis.keyPrefix", "tidings")),
        new RedisRetention(config.getLong("redis.channelMaxLen", perChannel),
            config.getLong("redis.fanoutMaxLen", 100_000),
            config.getLong("redis.work.maxLen", RedisRetention.WORK_MAX_LEN), false),
        config.getDuration("redis.timeout", Duration.ofSeconds(10)),
        config.getDuration("redis.tailBlock", Duration.ofSeconds(2)),
        config.getDuration("redis.work.claimAfter", Duration.ofSeconds(30)));
  }
}
