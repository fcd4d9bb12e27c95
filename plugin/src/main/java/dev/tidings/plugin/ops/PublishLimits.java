package dev.tidings.plugin.ops;

import dev.tidings.plugin.admission.RateLimiter;
import dev.tidings.plugin.config.TidingsConfig;
import java.util.Locale;

/**
 * The publish API's rate limits (security review M3): token buckets per publishing user and per
 * repository, and a byte quota per channel. Each method takes from its bucket and answers 0, or
 * the seconds to wait ({@code Retry-After} of the 429). Settings, defaults in brackets:
 * {@code publish.userRate} [5/s] and {@code publish.userBurst} [30];
 * {@code publish.repoRate} [10/s] and {@code publish.repoBurst} [60];
 * {@code publish.channelBytesPerSecond} [16384] and {@code publish.channelBytesBurst} [524288].
 */
final class PublishLimits {

  private static final int MAX_KEYS = 10_000;

  private final RateLimiter users;
  private final RateLimiter repos;
  private final RateLimiter channelBytes;

  PublishLimits(TidingsConfig config) {
    users = new RateLimiter(config.getInt("publish.userRate", 5), config.getInt("publish.userBurst", 30), MAX_KEYS);
    repos = new RateLimiter(config.getInt("publish.repoRate", 10), config.getInt("publish.repoBurst", 60), MAX_KEYS);
    // The burst must hold at least one largest event, or such an event could never be published.
    int maxData = config.getInt("publish.maxDataBytes", 16_384);
    channelBytes = new RateLimiter(config.getInt("publish.channelBytesPerSecond", 16_384),
        Math.max(maxData, config.getInt("publish.channelBytesBurst", 524_288)), MAX_KEYS);
  }

  /** One publish by {@code login}. */
  long user(String login) {
    return users.tryTake(login.toLowerCase(Locale.ROOT), 1);
  }

  /** One publish to repository {@code fullName} (the host's spelling). */
  long repository(String fullName) {
    return repos.tryTake(fullName.toLowerCase(Locale.ROOT), 1);
  }

  /** {@code bytes} of data on canonical channel {@code channel}. */
  long channelBytes(String channel, int bytes) {
    return channelBytes.tryTake(channel.toLowerCase(Locale.ROOT), bytes);
  }
}
