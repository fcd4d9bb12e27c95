package dev.tidings.plugin.presence;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * Presence across nodes: what this node tells the others and asks about them. The calls come
 * from the presence timer thread, one at a time, never under a room lock. In-process
 * ({@link #LOCAL}) there are no other nodes; with {@code broker=redis} it is
 * {@code cluster.redis.RedisPresenceDirectory} (docs/presence.md, "Several nodes").
 */
public interface PresenceDirectory {

  /** What other nodes report, handed to this node's presence (on any thread; must not block). */
  interface Remote {
    void joined(String channel, String login);

    void left(String channel, String login);

    void typing(String channel, String login);
  }

  /** Starts listening for other nodes; {@code remote} receives what they report. */
  void start(Remote remote);

  /** Stops listening. */
  void stop();

  /** A visible user's first tab on this node joined {@code channel}. */
  void joined(String channel, String login);

  /** A visible user's last tab on this node left {@code channel} (after the grace). */
  void left(String channel, String login);

  /** A typing broadcast of {@code login} on {@code channel} (already throttled here). */
  void typing(String channel, String login);

  /**
   * Claims {@code login}'s typing on {@code channel} for {@code millis} over all nodes (already
   * let through by this node's throttle): true when no node claimed it within that time, false
   * when one did. Throws when it cannot tell (the caller then relies on its own throttle).
   */
  boolean claimTyping(String channel, String login, long millis);

  /** Visible users of {@code channel} on other nodes now (expired entries left out). */
  Set<String> others(String channel);

  /**
   * Keeps this node's viewers ({@code local}: channel to visible logins) alive for the other
   * nodes (their entries expire when a node stops refreshing, e.g. it crashed).
   */
  void refresh(Map<String, Collection<String>> local);

  /** A single node: nobody else to tell, nobody else to see. */
  PresenceDirectory LOCAL = new PresenceDirectory() {
    @Override
    public void start(Remote remote) {}

    @Override
    public void stop() {}

    @Override
    public void joined(String channel, String login) {}

    @Override
    public void left(String channel, String login) {}

    @Override
    public void typing(String channel, String login) {}

    @Override
    public boolean claimTyping(String channel, String login, long millis) {
      return true;
    }

    @Override
    public Set<String> others(String channel) {
      return Set.of();
    }

    @Override
    public void refresh(Map<String, Collection<String>> local) {}
  };
}
