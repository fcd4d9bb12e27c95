package dev.tidings.plugin.presence;

import dev.tidings.plugin.config.TidingsConfig;
import java.time.Duration;

/**
 * The presence limits ({@code presence.*} in tidings.properties; docs/configuration.md).
 *
 * @param leaveGrace how long a user's last tab may be gone before others see them leave (a reload
 *     reconnects within it and shows nothing)
 * @param typingInterval at most one typing broadcast per user per thread within this time
 * @param maxViewersPerThread connections one thread's presence channel takes on this node
 * @param maxPerConnection presence channels one connection may subscribe to
 * @param recheckInterval how often every viewer's read access is asked again
 * @param typingBatch typing in one thread within this time goes out as one message naming all typists
 */
public record PresenceSettings(Duration leaveGrace, Duration typingInterval, int maxViewersPerThread,
    int maxPerConnection, Duration recheckInterval, Duration typingBatch) {

  /** Checks the values. */
  public PresenceSettings {
    if (leaveGrace.isNegative() || typingInterval.isNegative() || maxViewersPerThread < 1 || maxPerConnection < 1
        || recheckInterval.isNegative() || recheckInterval.isZero() || typingBatch.isNegative()
        || typingBatch.compareTo(Duration.ofSeconds(2)) > 0) {
      throw new IllegalArgumentException("tidings settings presence.*: durations must not be negative, limits must be"
          + " positive and presence.typingBatch at most 2s (got " + leaveGrace + ", " + typingInterval + ", "
          + maxViewersPerThread + ", " + maxPerConnection + ", " + recheckInterval + ", " + typingBatch + ")");
    }
  }

  /** The defaults. */
  public static PresenceSettings defaults() {
    return new PresenceSettings(Duration.ofMillis(1500), Duration.ofSeconds(2), 5000, 8, Duration.ofSeconds(60),
        Duration.ofMillis(500));
  }

  /** Reads {@code presence.*} from {@code config}. */
  public static PresenceSettings from(TidingsConfig config) {
    PresenceSettings d = defaults();
    return new PresenceSettings(
        config.getDuration("presence.leaveGrace", d.leaveGrace()),
        config.getDuration("presence.typingInterval", d.typingInterval()),
        config.getInt("presence.maxViewersPerThread", d.maxViewersPerThread()),
        config.getInt("presence.maxPerConnection", d.maxPerConnection()),
        config.getDuration("presence.recheckInterval", d.recheckInterval()),
        config.getDuration("presence.typingBatch", d.typingBatch()));
  }
}
