package dev.tidings.plugin.ops;

import dev.tidings.plugin.admission.RateLimiter;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Locale;

/**
 * The publish API's rate limits (security review M3): token buckets per publishing user and per
 * repository, and a byte quota per channel. Each method takes from its bucket and answers 0, or
 * the seconds to wait ({@code Retry-After} of the 429). The rates are {@link PublishSettings}.
 */
@Singleton
final class PublishLimits {

  private static final int MAX_KEYS = 10_000;

  private final RateLimiter users;
  private final RateLimiter repos;
  private final RateLimiter channelBytes;

  @Inject
  PublishLimits(PublishSettings settings) {
    users = new RateLimiter(settings.userRate(), settings.userBurst(), MAX_KEYS);
    repos = new RateLimiter(settings.repoRate(), settings.repoBurst(), MAX_KEYS);
    channelBytes = new RateLimiter(settings.channelBytesPerSecond(), settings.channelBytesBurst(), MAX_KEYS);
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
