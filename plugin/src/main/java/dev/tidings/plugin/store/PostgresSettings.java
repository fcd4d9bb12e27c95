package dev.tidings.plugin.store;

import dev.tidings.plugin.config.TidingsConfig;
import java.time.Duration;

/**
 * The {@code postgresql.*} settings of {@code store=postgresql}.
 *
 * @param url            {@code postgresql.url}, e.g. {@code jdbc:postgresql://db:5432/tidings}
 * @param poolSize       {@code postgresql.poolSize}: connections, the writer's one included
 * @param connectTimeout {@code postgresql.connectTimeout}: how long a write or read waits for a
 *                       connection before it fails (while the server is down)
 */
public record PostgresSettings(String url, String user, String password, int poolSize, Duration connectTimeout,
    int maxBatch, int maxQueue, Duration stuckAfter, Duration probeInterval) {

  /** Reads them from {@code config}; {@code postgresql.url} is required. */
  public static PostgresSettings from(TidingsConfig config) {
    String url = config.getString("postgresql.url", "");
    if (url.isBlank()) {
      throw new IllegalArgumentException("store=postgresql needs postgresql.url (jdbc:postgresql://host:port/db)");
    }
    return new PostgresSettings(url, config.getString("postgresql.user", ""),
        config.getString("postgresql.password", ""), Math.max(2, config.getInt("postgresql.poolSize", 8)),
        config.getDuration("postgresql.connectTimeout", Duration.ofSeconds(5)),
        Math.max(1, config.getInt("db.maxBatch", 1000)), Math.max(1, config.getInt("db.maxQueue", 100_000)),
        config.getDuration("db.stuckAfter", Duration.ofSeconds(30)),
        config.getDuration("postgresql.probeInterval", Duration.ofSeconds(2)));
  }
}
