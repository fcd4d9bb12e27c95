package dev.tidings.plugin.hub;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every open connection of every transport, with the per-user and per-address limits: a
 * connection must hold a {@link Lease} to exist, and the plugin closes all of them on stop.
 */
@Singleton
public final class Connections {

  /** A connection's place within the limits; {@link #release()} gives it back (idempotent). */
  public final class Lease {
    private final Connection connection;
    private final String login;
    private final String address;
    private final AtomicBoolean released = new AtomicBoolean();

    private Lease(Connection connection, String login, String address) {
      this.connection = connection;
      this.login = login;
      this.address = address;
    }

    /** Ends the connection's place in the registry. */
    public void release() {
      if (released.compareAndSet(false, true)) {
        open.remove(connection);
        decrement(perUser, login);
        decrement(perAddress, address);
        metrics.connectionClosed(connection.transport());
      }
    }
  }

  private final Set<Connection> open = ConcurrentHashMap.newKeySet();
  private final ConcurrentHashMap<String, AtomicInteger> perUser = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, AtomicInteger> perAddress = new ConcurrentHashMap<>();
  private final HubSettings settings;
  private final HubMetrics metrics;

  /** A registry enforcing the limits of {@code settings}. */
  @Inject
  public Connections(HubSettings settings, HubMetrics metrics) {
    this.settings = settings;
    this.metrics = metrics;
  }

  /**
   * Registers {@code connection} of {@code login} (null when anonymous) from {@code address}, or
   * returns null when that user or address already has its maximum of open connections.
   */
  public Lease tryOpen(Connection connection, String login, String address) {
    if (!increment(perUser, login, settings.maxConnectionsPerUser())) {
      return null;
    }
    if (!increment(perAddress, address, settings.maxConnectionsPerIp())) {
      decrement(perUser, login);
      return null;
    }
    open.add(connection);
    metrics.connectionOpened(connection.transport());
    return new Lease(connection, login, address);
  }

  /** The open connections now (a copy). */
  public List<Connection> snapshot() {
    return List.copyOf(open);
  }

  /** How many connections are open. */
  public int size() {
    return open.size();
  }

  /** Closes every open connection (plugin stop), each with its transport's going-away signal. */
  public void shutdownAll() {
    for (Connection c : snapshot()) {
      try {
        c.shutdown();
      } catch (RuntimeException e) {
        // Keep closing the others.
      }
    }
  }

  private static boolean increment(ConcurrentHashMap<String, AtomicInteger> counts, String key, int max) {
    if (key == null) {
      return true;
    }
    boolean[] ok = {false};
    counts.compute(key, (k, n) -> {
      AtomicInteger count = n == null ? new AtomicInteger() : n;
      if (count.get() < max) {
        count.incrementAndGet();
        ok[0] = true;
      }
      return count.get() == 0 ? null : count;
    });
    return ok[0];
  }

  private static void decrement(ConcurrentHashMap<String, AtomicInteger> counts, String key) {
    if (key == null) {
      return;
    }
    counts.computeIfPresent(key, (k, n) -> n.decrementAndGet() <= 0 ? null : n);
  }
}
