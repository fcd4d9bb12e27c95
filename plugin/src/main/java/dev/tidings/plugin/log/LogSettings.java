package dev.tidings.plugin.log;

import dev.tidings.plugin.config.TidingsConfig;
import java.time.Duration;

/**
 * The log's {@code log.retention.*} settings: entries older than {@code maxAge} (7 days) or beyond
 * the newest {@code maxEventsPerChannel} (10,000) of their channel are pruned every
 * {@code pruneInterval} (1 minute); a gap longer than {@code maxEventsPerChannel} is never replayed.
 */
record LogSettings(Duration maxAge, long maxEventsPerChannel, Duration pruneInterval) {

  static LogSettings from(TidingsConfig config) {
    return new LogSettings(
        config.getDuration("log.retention.maxAge", Duration.ofDays(7)),
        Math.max(1, config.getLong("log.retention.maxEventsPerChannel", 10_000)),
        config.getDuration("log.retention.pruneInterval", Duration.ofMinutes(1)));
  }
}
