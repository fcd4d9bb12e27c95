package dev.tidings.plugin.cluster.redis;

import dev.tidings.plugin.cluster.NodeId;
import dev.tidings.plugin.presence.PresenceDirectory;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Presence across nodes on Redis (Centrifuge's presence, docs/presence.md "Several nodes"): per
 * thread a hash {@code {prefix}:presence:{channel}} of {@code login \n node -> expiry (ms)}, written
 * when a user starts showing on a node, refreshed by each node every few seconds, its entries
 * removed on leave and swept when expired (a node that died); and join/leave/typing notices to the
 * other nodes with {@code PUBLISH} on {@code {prefix}:presence}, never through the durable fan-out
 * stream: presence is ephemeral, a lost notice is repaired by the next refresh. Typing is
 * throttled across nodes with one expiring key per user and thread ({@link #claimTyping}).
 */
@Singleton
public final class RedisPresenceDirectory implements PresenceDirectory {

  private static final Logger log = LoggerFactory.getLogger(RedisPresenceDirectory.class);
  /** How long an entry lives without a refresh (refreshes come every 5 s). */
  static final long TTL_MILLIS = 20_000;

  private final RedisConnections redis;
  private final String node;
  private final String prefix;
  private final String topic;
  private StatefulRedisPubSubConnection<String, String> pubSub;

  @Inject
  public RedisPresenceDirectory(RedisConnections redis, RedisSettings settings, NodeId node) {
    this.redis = redis;
    this.node = node.value();
    this.prefix = settings.keys().prefix();
    this.topic = prefix + ":presence";
  }

  private String key(String channel) {
    return prefix + ":presence:{" + channel + "}";
  }

  private String field(String login) {
    return login + "\n" + node;
  }

  @Override
  public synchronized void start(Remote remote) {
    pubSub = redis.connectPubSub();
    pubSub.addListener(new RedisPubSubAdapter<>() {
      @Override
      public void message(String channel, String message) {
        // kind \n node \n channel \n login; our own notices come back too: skip them.
        String[] p = message.split("\n", 4);
        if (p.length != 4 || p[1].equals(node)) {
          return;
        }
        switch (p[0]) {
          case "J" -> remote.joined(p[2], p[3]);
          case "L" -> remote.left(p[2], p[3]);
          case "T" -> remote.typing(p[2], p[3]);
          default -> log.debug("Unknown presence notice {}", p[0]);
        }
      }
    });
    pubSub.sync().subscribe(topic);
  }

  @Override
  public synchronized void stop() {
    if (pubSub != null) {
      pubSub.close();
      pubSub = null;
    }
  }

  private void publish(String kind, String channel, String login) {
    redis.commands().publish(topic, kind + "\n" + node + "\n" + channel + "\n" + login);
  }

  @Override
  public void joined(String channel, String login) {
    RedisCommands<String, String> c = redis.commands();
    c.hset(key(channel), field(login), Long.toString(System.currentTimeMillis() + TTL_MILLIS));
    c.pexpire(key(channel), TTL_MILLIS * 2);
    publish("J", channel, login);
  }

  @Override
  public void left(String channel, String login) {
    redis.commands().hdel(key(channel), field(login));
    publish("L", channel, login);
  }

  @Override
  public void typing(String channel, String login) {
    publish("T", channel, login);
  }

  /**
   * {@code SET {prefix}:typing:{channel}:login node NX PX millis}: the first node to set it takes
   * the interval, the key then expires by itself (at most one key per user typing per thread, each
   * gone after the interval). Fails at once when the connection is down, so a dead Redis does not
   * hold up typing for {@code redis.timeout}.
   */
  @Override
  public boolean claimTyping(String channel, String login, long millis) {
    if (!redis.open()) {
      throw new IllegalStateException("Redis is not connected");
    }
    return "OK".equals(redis.commands().set(typingKey(channel, login), node, SetArgs.Builder.nx().px(millis)));
  }

  private String typingKey(String channel, String login) {
    return prefix + ":typing:{" + channel + "}:" + login;
  }

  @Override
  public Set<String> others(String channel) {
    RedisCommands<String, String> c = redis.commands();
    Map<String, String> all = c.hgetall(key(channel));
    long now = System.currentTimeMillis();
    Set<String> out = new HashSet<>();
    for (Map.Entry<String, String> e : all.entrySet()) {
      int nl = e.getKey().indexOf('\n');
      if (nl <= 0) {
        continue;
      }
      long expiry;
      try {
        expiry = Long.parseLong(e.getValue());
      } catch (NumberFormatException x) {
        expiry = 0;
      }
      if (expiry < now) {
        // Swept: its node stopped refreshing (stopped or died).
        c.hdel(key(channel), e.getKey());
      } else if (!e.getKey().substring(nl + 1).equals(node)) {
        out.add(e.getKey().substring(0, nl));
      }
    }
    return out;
  }

  @Override
  public void refresh(Map<String, Collection<String>> local) {
    RedisCommands<String, String> c = redis.commands();
    String expiry = Long.toString(System.currentTimeMillis() + TTL_MILLIS);
    for (Map.Entry<String, Collection<String>> e : local.entrySet()) {
      if (e.getValue().isEmpty()) {
        continue;
      }
      Map<String, String> fields = new HashMap<>();
      for (String login : e.getValue()) {
        fields.put(field(login), expiry);
      }
      c.hset(key(e.getKey()), fields);
      c.pexpire(key(e.getKey()), TTL_MILLIS * 2);
    }
  }
}
