package dev.tidings.plugin.hub;

import dev.tidings.plugin.config.HubSettings;
import dev.tidings.plugin.config.TidingsConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

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
    volatile int released;

    private Lease(Connection connection, String login, String address) {
      this.connection = connection;
      this.login = login;
      this.address = address;
    }

    /**
     * The login, as one String shared by all of that user's open connections (the request's own
     * copy need not be kept per connection); null when anonymous.
     */
    public String login() {
      return login;
    }

    /** The remote address, shared by all connections from it like {@link #login()}. */
    public String address() {
      return address;
    }

    /** Ends the connection's place in the registry. */
    public void release() {
      if (RELEASED.compareAndSet(this, 0, 1)) {
        open.remove(connection);
        if (login == null) {
          anonymous.decrementAndGet();
        }
        decrement(perUser, login);
        decrement(perAddress, address);
        metrics.connectionClosed(connection.transport());
      }
    }
  }

  // A field updater instead of an AtomicBoolean per lease: one object less per connection.
  private static final AtomicIntegerFieldUpdater<Lease> RELEASED =
      AtomicIntegerFieldUpdater.newUpdater(Lease.class, "released");

  /** How many connections one key (login or address) holds; the key is the shared copy of the String. */
  private static final class Count {
    final String key;
    int value;

    Count(String key) {
      this.key = key;
    }
  }

  private final Set<Connection> open = ConcurrentHashMap.newKeySet();
  private final ConcurrentHashMap<String, Count> perUser = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Count> perAddress = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicInteger anonymous = new java.util.concurrent.atomic.AtomicInteger();
  private final HubSettings settings;
  private final HubMetrics metrics;
  /** {@code hub.maxAnonymousConnections}: anonymous connections from all addresses together. */
  private final int maxAnonymous;

  /** A registry enforcing the limits of {@code settings} and {@code hub.maxAnonymousConnections}. */
  @Inject
  public Connections(HubSettings settings, HubMetrics metrics, TidingsConfig config) {
    this.settings = settings;
    this.metrics = metrics;
    this.maxAnonymous = config.getInt("hub.maxAnonymousConnections", 10_000);
    if (maxAnonymous < 1) {
      throw new IllegalArgumentException("tidings setting hub.maxAnonymousConnections must be positive, not " + maxAnonymous);
    }
  }

  /**
   * Registers {@code connection} of {@code login} (null when anonymous) from {@code address}, or
   * returns null when that user or address (IPv6: its /64) already has its maximum of open
   * connections, or when anonymous connections are at {@code hub.maxAnonymousConnections}.
   */
  public Lease tryOpen(Connection connection, String login, String remoteAddress) {
    String address = AddressKey.of(remoteAddress);
    if (login == null && anonymous.incrementAndGet() > maxAnonymous) {
      anonymous.decrementAndGet();
      return null;
    }
    Lease lease = tryOpenCounted(connection, login, address);
    if (lease == null && login == null) {
      anonymous.decrementAndGet();
    }
    return lease;
  }

  private Lease tryOpenCounted(Connection connection, String login, String address) {
    boolean[] ok = {false};
    String user = increment(perUser, login, settings.maxConnectionsPerUser(), ok);
    if (!ok[0]) {
      return null;
    }
    String from = increment(perAddress, address, settings.maxConnectionsPerIp(), ok);
    if (!ok[0]) {
      decrement(perUser, login);
      return null;
    }
    open.add(connection);
    metrics.connectionOpened(connection.transport());
    return new Lease(connection, user, from);
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

  /** Counts one more for {@code key} unless at {@code max}; sets ok[0] and returns the shared copy of the key. */
  private static String increment(ConcurrentHashMap<String, Count> counts, String key, int max, boolean[] ok) {
    ok[0] = false;
    if (key == null) {
      ok[0] = true;
      return null;
    }
    Count c = counts.compute(key, (k, n) -> {
      Count count = n == null ? new Count(k) : n;
      if (count.value < max) {
        count.value++;
        ok[0] = true;
      }
      return count.value == 0 ? null : count;
    });
    return c == null ? key : c.key;
  }

  private static void decrement(ConcurrentHashMap<String, Count> counts, String key) {
    if (key == null) {
      return;
    }
    // compute runs under the map's bin lock, so the plain int needs no atomics.
    counts.computeIfPresent(key, (k, n) -> --n.value <= 0 ? null : n);
  }
}
