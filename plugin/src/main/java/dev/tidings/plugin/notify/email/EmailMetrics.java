package dev.tidings.plugin.notify.email;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.EnumMap;
import java.util.Map;

/** Email counters: mails sent, SMTP failures (each retried or given up) and outbox rows dropped, by reason. */
@Singleton
public final class EmailMetrics {

  /** Why an outbox row was dropped without an email. */
  public enum Drop {
    /** The user lost read access to the repository. */
    NO_ACCESS("no_access"),
    /** The user set the mode to off (or unsubscribed) before it was sent. */
    UNSUBSCRIBED("unsubscribed"),
    /** The user has no email address (or no longer exists). */
    NO_ADDRESS("no_address"),
    /** Every attempt failed ({@code email.retry.maxAttempts}). */
    GAVE_UP("gave_up");

    final String tag;

    Drop(String tag) {
      this.tag = tag;
    }
  }

  private final Counter sent;
  private final Counter failures;
  private final Map<Drop, Counter> dropped = new EnumMap<>(Drop.class);

  @Inject
  public EmailMetrics(MeterRegistry registry) {
    sent = Counter.builder("tidings.email.sent").description("Emails accepted by the SMTP server (a digest is one)")
        .register(registry);
    failures = Counter.builder("tidings.email.failures").description("SMTP attempts that failed (retried later or given up)")
        .register(registry);
    for (Drop d : Drop.values()) {
      dropped.put(d, Counter.builder("tidings.email.dropped").tag("reason", d.tag)
          .description("Outbox rows dropped without an email, by reason").register(registry));
    }
  }

  void sent() {
    sent.increment();
  }

  void failure() {
    failures.increment();
  }

  void dropped(Drop reason, int n) {
    dropped.get(reason).increment(n);
  }

  /** Rows dropped for {@code reason} so far. */
  public long dropped(Drop reason) {
    return (long) dropped.get(reason).count();
  }

  /** Emails sent so far. */
  public long sentCount() {
    return (long) sent.count();
  }
}
