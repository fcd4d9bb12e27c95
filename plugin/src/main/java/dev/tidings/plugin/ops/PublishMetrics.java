package dev.tidings.plugin.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/** The publish API's meters: events accepted, and requests refused by error code. */
@Singleton
final class PublishMetrics {

  private final MeterRegistry meters;
  private final Counter accepted;

  @Inject
  PublishMetrics(MeterRegistry meters) {
    this.meters = meters;
    this.accepted = Counter.builder("tidings.publish.accepted")
        .description("Events published through the publish API").register(meters);
  }

  void accepted() {
    accepted.increment();
  }

  /** One refusal; {@code reason} is its error code. */
  void rejected(String reason) {
    Counter.builder("tidings.publish.rejected").tag("reason", reason)
        .description("Publish requests refused, by reason").register(meters).increment();
  }
}
