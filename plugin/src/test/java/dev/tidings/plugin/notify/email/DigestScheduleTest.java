package dev.tidings.plugin.notify.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The next digest time: later today when the hour is still to come, else tomorrow; in the configured zone. */
class DigestScheduleTest {

  private static long at(String iso) {
    return Instant.parse(iso).toEpochMilli();
  }

  @Test
  void nextDigestTime() {
    DigestSchedule utc = new DigestSchedule(8, ZoneId.of("UTC"));
    assertThat(utc.nextAfter(at("2026-12-03T07:59:59Z"))).isEqualTo(at("2026-12-03T08:00:00Z"));
    assertThat(utc.nextAfter(at("2026-12-03T08:00:00Z"))).isEqualTo(at("2026-12-04T08:00:00Z"));
    assertThat(utc.nextAfter(at("2026-12-03T23:00:00Z"))).isEqualTo(at("2026-12-04T08:00:00Z"));
    DigestSchedule paris = new DigestSchedule(8, ZoneId.of("Europe/Paris"));
    assertThat(paris.nextAfter(at("2026-12-03T06:00:00Z"))).isEqualTo(at("2026-12-03T07:00:00Z"));
    assertThat(paris.nextAfter(at("2026-07-03T06:30:00Z"))).isEqualTo(at("2026-07-04T06:00:00Z"));
  }
}
