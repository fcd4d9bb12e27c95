package dev.tidings.plugin.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * The plugin's settings, read once at start from {@code tidings.properties} in the plugin's data
 * folder; every key has a documented default (see docs/configuration.md), so the file is optional.
 * A value that cannot be parsed stops the plugin with a message naming the key.
 */
public final class TidingsConfig {

  /** The file name inside the plugin's data folder. */
  public static final String FILE_NAME = "tidings.properties";

  private final Properties properties;

  /** Settings from explicit properties (tests and the benchmark use this). */
  public TidingsConfig(Properties properties) {
    this.properties = (Properties) properties.clone();
  }

  /**
   * Reads {@code dataDirectory/tidings.properties} as UTF-8 (when it exists) with {@code overrides}
   * on top (the host's per-plugin settings win over the file).
   */
  public static TidingsConfig load(Path dataDirectory, Properties overrides) throws IOException {
    Properties p = new Properties();
    Path file = dataDirectory.resolve(FILE_NAME);
    if (Files.exists(file)) {
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        p.load(r);
      }
    }
    p.putAll(overrides);
    return new TidingsConfig(p);
  }

  /** A string setting. */
  public String getString(String key, String defaultValue) {
    String v = properties.getProperty(key);
    return v == null || v.isBlank() ? defaultValue : v.trim();
  }

  /** An integer setting. */
  public int getInt(String key, int defaultValue) {
    return (int) getLong(key, defaultValue);
  }

  /** A long setting. */
  public long getLong(String key, long defaultValue) {
    String v = properties.getProperty(key);
    if (v == null || v.isBlank()) {
      return defaultValue;
    }
    try {
      return Long.parseLong(v.trim().replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("tidings setting " + key + " must be a whole number, not '" + v + "'");
    }
  }

  /** A boolean setting ({@code true}/{@code false}). */
  public boolean getBoolean(String key, boolean defaultValue) {
    String v = properties.getProperty(key);
    if (v == null || v.isBlank()) {
      return defaultValue;
    }
    return switch (v.trim().toLowerCase()) {
      case "true", "yes", "on", "1" -> true;
      case "false", "no", "off", "0" -> false;
      default -> throw new IllegalArgumentException("tidings setting " + key + " must be true or false, not '" + v + "'");
    };
  }

  /** A duration setting written as ISO-8601 ({@code PT30S}) or as a number and unit ({@code 30s}, {@code 5m}, {@code 7d}). */
  public Duration getDuration(String key, Duration defaultValue) {
    String v = properties.getProperty(key);
    if (v == null || v.isBlank()) {
      return defaultValue;
    }
    String s = v.trim().toLowerCase();
    try {
      if (s.startsWith("p")) {
        return Duration.parse(s.toUpperCase());
      }
      long n = Long.parseLong(s.replaceAll("[a-z]+$", ""));
      String unit = s.replaceAll("^[0-9]+", "");
      return switch (unit) {
        case "ms" -> Duration.ofMillis(n);
        case "s", "" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        case "d" -> Duration.ofDays(n);
        default -> throw new IllegalArgumentException(unit);
      };
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("tidings setting " + key + " must be a duration such as 30s, 5m, 7d or PT30S, not '" + v + "'");
    }
  }

  /** A comma-separated list setting. */
  public List<String> getList(String key, List<String> defaultValue) {
    String v = properties.getProperty(key);
    if (v == null || v.isBlank()) {
      return defaultValue;
    }
    return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
