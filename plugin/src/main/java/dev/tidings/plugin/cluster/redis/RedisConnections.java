package dev.tidings.plugin.cluster.redis;

import dev.tidings.plugin.lifecycle.Managed;
import dev.tidings.plugin.lifecycle.Phase;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's connections to Redis: one shared, multiplexed connection for appends and reads
 * (Lettuce runs its commands in issue order), and one of the fan-out tail's own and one of the
 * notification work queue's own, because a blocking {@code XREAD} holds its connection. Both reconnect by themselves; a command waits at most
 * {@code redis.timeout}. Redis must be reachable at start: the plugin does not start without it.
 */
@Singleton
public final class RedisConnections implements Managed {

  private static final Logger log = LoggerFactory.getLogger(RedisConnections.class);

  private final RedisSettings settings;
  private ClientResources resources;
  private RedisClient client;
  private StatefulRedisConnection<String, String> shared;
  private StatefulRedisConnection<String, String> tail;
  private StatefulRedisConnection<String, String> work;

  @Inject
  public RedisConnections(RedisSettings settings) {
    this.settings = settings;
  }

  @Override
  public Phase phase() {
    return Phase.STORE;
  }

  @Override
  public synchronized void start() {
    // Small pools: a node's Redis traffic is a few connections, and hosts often have 2 cores.
    resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2).build();
    RedisURI uri = RedisURI.create(settings.url());
    uri.setTimeout(settings.timeout());
    client = RedisClient.create(resources, uri);
    client.setOptions(ClientOptions.builder().autoReconnect(true)
        .timeoutOptions(TimeoutOptions.enabled(settings.timeout())).build());
    shared = client.connect();
    tail = client.connect();
    work = client.connect();
    log.info("Tidings uses Redis at {} (keys {}:*)", uri.getHost() + ":" + uri.getPort(), settings.keys().prefix());
  }

  @Override
  public synchronized void stop() {
    if (client != null) {
      work.close();
      tail.close();
      shared.close();
      client.shutdown(0, 2, TimeUnit.SECONDS);
      resources.shutdown(0, 2, TimeUnit.SECONDS);
      client = null;
      shared = null;
      tail = null;
      work = null;
    }
  }

  /** Whether both connections are up now (health; no round trip). */
  public boolean open() {
    StatefulRedisConnection<String, String> s;
    StatefulRedisConnection<String, String> t;
    synchronized (this) {
      s = shared;
      t = tail;
    }
    return s != null && t != null && s.isOpen() && t.isOpen();
  }

  /** Commands on the shared connection (thread-safe). */
  public synchronized RedisCommands<String, String> commands() {
    return shared.sync();
  }

  /** Commands on the notification work queue's own connection (its reads block too). */
  public synchronized RedisCommands<String, String> workCommands() {
    return work.sync();
  }

  /** A new publish/subscribe connection (presence); the caller closes it. It resubscribes after a reconnect. */
  public synchronized io.lettuce.core.pubsub.StatefulRedisPubSubConnection<String, String> connectPubSub() {
    return client.connectPubSub();
  }

  /** Commands on the fan-out tail's own connection. */
  public synchronized RedisCommands<String, String> tailCommands() {
    return tail.sync();
  }
}
