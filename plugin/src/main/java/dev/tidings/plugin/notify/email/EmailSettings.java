package dev.tidings.plugin.notify.email;

import dev.samplehost.api.PluginContext;
import dev.tidings.plugin.config.TidingsConfig;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Locale;

/**
 * The {@code email.*} settings (docs/configuration.md). Read once at start; a bad value stops the
 * plugin with a message naming the key, as every other setting does.
 */
public record EmailSettings(
    boolean enabled, String smtpHost, int smtpPort, String smtpUser, String smtpPassword, Tls tls,
    String from, String baseUrl, int digestHour, ZoneId digestZone, Duration pollInterval,
    Duration retryInitial, Duration retryMax, int maxAttempts, Duration claimTimeout, Duration smtpTimeout,
    Path trustedCertificates, String secret) {

  /** How the SMTP connection is protected. */
  public enum Tls { NONE, STARTTLS, IMPLICIT }

  /** Reads and checks the settings. */
  public static EmailSettings from(TidingsConfig c, PluginContext context) {
    boolean enabled = c.getBoolean("email.enabled", false);
    Tls tls;
    String t = c.getString("email.smtp.tls", "starttls").toLowerCase(Locale.ROOT);
    switch (t) {
      case "none", "false", "off" -> tls = Tls.NONE;
      case "starttls" -> tls = Tls.STARTTLS;
      case "implicit", "ssl", "tls" -> tls = Tls.IMPLICIT;
      default -> throw new IllegalArgumentException("tidings setting email.smtp.tls must be none, starttls or implicit, not '" + t + "'");
    }
    int port = c.getInt("email.smtp.port", tls == Tls.IMPLICIT ? 465 : 587);
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("tidings setting email.smtp.port must be 1-65535, not " + port);
    }
    int hour = c.getInt("email.digest.hour", 8);
    if (hour < 0 || hour > 23) {
      throw new IllegalArgumentException("tidings setting email.digest.hour must be 0-23, not " + hour);
    }
    ZoneId zone;
    String z = c.getString("email.digest.zone", "UTC");
    try {
      zone = ZoneId.of(z);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("tidings setting email.digest.zone must be a time zone such as UTC or Europe/Paris, not '" + z + "'");
    }
    String host = c.getString("email.smtp.host", "");
    String from = c.getString("email.from", "");
    if (enabled && (host.isEmpty() || from.isEmpty())) {
      throw new IllegalArgumentException("email.enabled=true needs email.smtp.host and email.from");
    }
    String base = c.getString("email.baseUrl", context.baseUrl());
    if (!base.endsWith("/")) {
      base = base + "/";
    }
    int attempts = c.getInt("email.retry.maxAttempts", 8);
    if (attempts < 1) {
      throw new IllegalArgumentException("tidings setting email.retry.maxAttempts must be at least 1, not " + attempts);
    }
    return new EmailSettings(enabled, host, port, c.getString("email.smtp.user", ""),
        c.getString("email.smtp.password", ""), tls, from, base, hour, zone,
        positive(c, "email.pollInterval", Duration.ofSeconds(2)),
        positive(c, "email.retry.initialDelay", Duration.ofSeconds(30)),
        positive(c, "email.retry.maxDelay", Duration.ofHours(1)), attempts,
        positive(c, "email.claimTimeout", Duration.ofMinutes(5)),
        positive(c, "email.smtp.timeout", Duration.ofSeconds(30)),
        trusted(c, tls, context.dataDirectory()), c.getString("email.unsubscribeSecret", ""));
  }

  /** {@code email.smtp.trustedCertificates} (null: the JVM's trust store), read once to fail at start. */
  private static Path trusted(TidingsConfig c, Tls tls, Path dataDirectory) {
    String file = c.getString(SmtpTrust.KEY, "").trim();
    if (file.isEmpty()) {
      return null;
    }
    if (tls == Tls.NONE) {
      throw new IllegalArgumentException("tidings setting " + SmtpTrust.KEY + " needs email.smtp.tls starttls or implicit");
    }
    Path pem = dataDirectory == null ? Path.of(file) : dataDirectory.resolve(file); // relative: the data folder
    SmtpTrust.certificates(pem);
    return pem;
  }

  private static Duration positive(TidingsConfig c, String key, Duration def) {
    Duration d = c.getDuration(key, def);
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException("tidings setting " + key + " must be positive");
    }
    return d;
  }

  /** The delay before attempt {@code attempts + 1}: doubling from the initial delay, capped. */
  public Duration backoff(int attempts) {
    long ms = retryInitial.toMillis() << Math.min(20, Math.max(0, attempts - 1));
    return Duration.ofMillis(Math.min(ms, retryMax.toMillis()));
  }

  @Override
  public String toString() {
    // Never the password or the secret (the record's default would print them).
    return "EmailSettings[enabled=" + enabled + ", smtp=" + smtpHost + ":" + smtpPort + ", tls=" + tls + "]";
  }
}
