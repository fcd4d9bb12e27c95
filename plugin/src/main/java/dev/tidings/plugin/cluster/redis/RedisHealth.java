package dev.tidings.plugin.cluster.redis;

import dev.tidings.plugin.ops.HealthCheck;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * {@code redis} in {@code /plugins/tidings/health}: down while either connection to Redis is
 * closed (Redis stopped or unreachable; appends wait up to {@code redis.timeout}, then fail, and
 * live events pause until the fan-out tail reads on). Answers from the connections' state, without
 * a round trip.
 */
@Singleton
final class RedisHealth implements HealthCheck {

  private final RedisConnections connections;

  @Inject
  RedisHealth(RedisConnections connections) {
    this.connections = connections;
  }

  @Override
  public String name() {
    return "redis";
  }

  @Override
  public boolean healthy() {
    return connections.open();
  }
}
