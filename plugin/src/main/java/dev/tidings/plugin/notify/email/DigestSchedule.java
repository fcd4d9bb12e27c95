package dev.tidings.plugin.notify.email;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/** When the next daily digest goes out: the next {@code hour}:00 in {@code zone} after a moment. */
public record DigestSchedule(int hour, ZoneId zone) {

  /** The first digest time strictly after {@code nowMillis}, in epoch milliseconds. */
  public long nextAfter(long nowMillis) {
    ZonedDateTime now = Instant.ofEpochMilli(nowMillis).atZone(zone);
    ZonedDateTime at = now.toLocalDate().atTime(hour, 0).atZone(zone);
    if (!at.isAfter(now)) {
      at = now.toLocalDate().plusDays(1).atTime(hour, 0).atZone(zone);
    }
    return at.toInstant().toEpochMilli();
  }
}
