package dev.tidings.plugin.config;

import java.time.Duration;
import java.util.List;

/**
 * The limits and timings of the hub and its transports, read once from {@link TidingsConfig}
 * (keys and defaults are listed in docs/protocol.md and docs/configuration.md).
 */
public record HubSettings(
    int queueMaxMessages,
    long queueMaxBytes,
    int writeBatchMessages,
    long writeBatchBytes,
    Duration writeTimeout,
    int replayMaxEvents,
    int maxSubscriptions,
    int maxConnectionsPerUser,
    int maxConnectionsPerIp,
    double commandRate,
    int commandBurst,
    Duration wsPingInterval,
    Duration wsIdleTimeout,
    int wsMaxMessageBytes,
    List<String> allowedOrigins,
    Duration sseHeartbeat,
    Duration sseRetry,
    Duration pollDefaultTimeout,
    Duration pollMaxTimeout,
    boolean wsSharedFrames,
    long replayMaxBytes,
    long replayPageBytes,
    long replayMaxBytesInFlight,
    int replayMaxPerIp) {

  /** Reads every setting, falling back to the documented defaults. */
  public static HubSettings from(TidingsConfig c) {
    HubSettings s = new HubSettings(
        c.getInt("hub.queue.maxMessages", 1000),
        c.getLong("hub.queue.maxBytes", 4L * 1024 * 1024),
        c.getInt("hub.write.batchMessages", 64),
        c.getLong("hub.write.batchBytes", 64L * 1024),
        c.getDuration("hub.write.timeout", Duration.ofSeconds(30)),
        c.getInt("hub.replay.maxEvents", 10_000),
        c.getInt("hub.maxSubscriptions", 100),
        c.getInt("hub.maxConnectionsPerUser", 50),
        c.getInt("hub.maxConnectionsPerIp", 200),
        c.getInt("ws.commandRate", 50),
        c.getInt("ws.commandBurst", 100),
        c.getDuration("ws.pingInterval", Duration.ofSeconds(25)),
        c.getDuration("ws.idleTimeout", Duration.ofSeconds(60)),
        c.getInt("ws.maxMessageBytes", 64 * 1024),
        c.getList("ws.allowedOrigins", List.of()),
        c.getDuration("sse.heartbeat", Duration.ofSeconds(15)),
        c.getDuration("sse.retry", Duration.ofMillis(2000)),
        c.getDuration("poll.defaultTimeout", Duration.ofSeconds(25)),
        c.getDuration("poll.maxTimeout", Duration.ofSeconds(60)),
        c.getBoolean("hub.ws.sharedFrames", true),
        c.getLong("hub.replay.maxBytes", 4L * 1024 * 1024),
        c.getLong("hub.replay.pageBytes", 256L * 1024),
        c.getLong("hub.replay.maxBytesInFlight", 64L * 1024 * 1024),
        c.getInt("hub.replay.maxPerIp", 8));
    s.validate();
    return s;
  }

  private void validate() {
    positive("hub.queue.maxMessages", queueMaxMessages);
    positive("hub.queue.maxBytes", queueMaxBytes);
    positive("hub.write.batchMessages", writeBatchMessages);
    positive("hub.write.batchBytes", writeBatchBytes);
    positive("hub.replay.maxEvents", replayMaxEvents);
    positive("hub.replay.maxBytes", replayMaxBytes);
    positive("hub.replay.pageBytes", replayPageBytes);
    positive("hub.replay.maxBytesInFlight", replayMaxBytesInFlight);
    positive("hub.replay.maxPerIp", replayMaxPerIp);
    positive("hub.maxSubscriptions", maxSubscriptions);
    positive("hub.maxConnectionsPerUser", maxConnectionsPerUser);
    positive("hub.maxConnectionsPerIp", maxConnectionsPerIp);
    positive("ws.commandRate", (long) commandRate);
    positive("ws.commandBurst", commandBurst);
    positive("ws.maxMessageBytes", wsMaxMessageBytes);
    if (!positive(wsPingInterval) || wsIdleTimeout.compareTo(wsPingInterval) <= 0) {
      // A ping must reach an idle client before the idle timeout closes it.
      throw new IllegalArgumentException(
          "tidings setting ws.idleTimeout (" + wsIdleTimeout + ") must be longer than ws.pingInterval (" + wsPingInterval + ")");
    }
    if (!positive(sseHeartbeat) || !positive(pollMaxTimeout) || !positive(writeTimeout)) {
      throw new IllegalArgumentException("tidings settings sse.heartbeat, poll.maxTimeout and hub.write.timeout must be positive");
    }
  }

  private static boolean positive(Duration d) {
    return !d.isNegative() && !d.isZero();
  }

  private static void positive(String key, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException("tidings setting " + key + " must be positive, not " + value);
    }
  }
}
