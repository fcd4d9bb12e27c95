package dev.tidings.plugin.access;

import dev.tidings.plugin.lifecycle.Workers;
import dev.tidings.plugin.lifecycle.Phase;
import dev.samplehost.api.Authenticator;
import dev.samplehost.api.Identity;
import dev.samplehost.api.Registration;
import dev.samplehost.api.events.CredentialEvent;
import dev.samplehost.api.events.HostEventListener;
import dev.samplehost.api.events.HostEvents;
import dev.tidings.plugin.lifecycle.Managed;
import dev.tidings.plugin.config.TidingsConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes long-lived connections (WebSocket, SSE, held long-polls) whose credential stops being
 * valid: at once when the host says a session was signed out or expired, a token deleted or a user
 * deleted ({@link CredentialEvent}), and, as a backstop for hosts that send no such event, at every
 * {@code access.recheckInterval} by asking {@link Authenticator#isCurrent} once per credential.
 * Connections register here with the identity of their handshake; anonymous ones are not tracked.
 */
@Singleton
public final class CredentialWatcher implements Managed, HostEventListener {

  private static final Logger log = LoggerFactory.getLogger(CredentialWatcher.class);

  /** The WebSocket close code for "credentials revoked": final (4500-4999), do not reconnect as is. */
  public static final int CLOSE_CODE = 4501;
  /** The close reason sent with {@link #CLOSE_CODE}, and the message of {@link #NOTICE}. */
  public static final String REASON = "credentials revoked";
  /** The last message of an SSE stream (and the error of a held long-poll) whose credential was revoked. */
  public static final byte[] NOTICE = ("{\"type\":\"error\",\"code\":\"credentials_revoked\",\"message\":\""
      + "The session or token this connection was opened with was signed out, expired or deleted; "
      + "sign in again\",\"retry\":false}").getBytes(StandardCharsets.UTF_8);

  /** A connection that can be closed because its credential was revoked. */
  public interface Revocable {
    /** Ends the connection with its transport's final, non-resumable signal. Must not block. */
    void credentialsRevoked();
  }

  /** One connection's registration; {@link #cancel()} when the connection closes (idempotent). */
  public final class Watch {
    private final String key;
    private final Revocable connection;

    private Watch(String key, Revocable connection) {
      this.key = key;
      this.connection = connection;
    }

    /** Forgets the connection. */
    public void cancel() {
      watched.computeIfPresent(key, (k, e) -> {
        e.connections.remove(connection);
        return e.connections.isEmpty() ? null : e;
      });
    }
  }

  /** The connections opened with one credential, and that credential's identity to re-check. */
  private static final class Entry {
    final Identity identity;
    final Set<Revocable> connections = ConcurrentHashMap.newKeySet();

    Entry(Identity identity) {
      this.identity = identity;
    }
  }

  private final Map<String, Entry> watched = new ConcurrentHashMap<>();
  private final Authenticator authenticator;
  private final HostEvents hostEvents;
  private final Duration interval;
  private volatile ScheduledExecutorService scheduler;
  private Registration registration;

  /** A watcher asking {@code authenticator} every {@code access.recheckInterval} (default: ws.pingInterval). */
  @Inject
  public CredentialWatcher(Authenticator authenticator, HostEvents hostEvents, TidingsConfig config) {
    this.authenticator = authenticator;
    this.hostEvents = hostEvents;
    Duration ping = config.getDuration("ws.pingInterval", Duration.ofSeconds(25));
    this.interval = config.getDuration("access.recheckInterval", ping);
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("tidings setting access.recheckInterval must be positive, not " + interval);
    }
  }

  /**
   * Tracks {@code connection}, opened with {@code identity}; null for anonymous identities (there is
   * nothing to revoke). The caller cancels the returned watch when the connection ends.
   */
  public Watch watch(Identity identity, Revocable connection) {
    if (identity == null || identity.user().isEmpty()) {
      return null;
    }
    String key = key(identity);
    watched.compute(key, (k, e) -> {
      Entry entry = e == null ? new Entry(identity) : e;
      entry.connections.add(connection);
      return entry;
    });
    return new Watch(key, connection);
  }

  /** How many credentials are watched (for tests and metrics). */
  public int size() {
    return watched.size();
  }

  private static String key(Identity identity) {
    // A password (Basic) has no credential id; it stays valid while the user exists.
    return identity.credential().orElseGet(() -> "password:" + identity.login());
  }

  @Override
  public Phase phase() {
    return Phase.FEATURES;
  }

  @Override
  public void start() {
    ScheduledExecutorService s = Workers.timer("credentials");
    scheduler = s;
    long every = interval.toMillis();
    s.scheduleWithFixedDelay(this::recheck, every, every, TimeUnit.MILLISECONDS);
    registration = hostEvents.addListener(this);
  }

  @Override
  public void stop() throws InterruptedException {
    if (registration != null) {
      registration.remove();
      registration = null;
    }
    ScheduledExecutorService s = scheduler;
    scheduler = null;
    if (s != null) {
      s.shutdownNow();
      s.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /**
   * Closes at once what was opened with the revoked credential. Runs on the host's thread, but only
   * unsubscribes and queues close frames (nothing blocks), so that no event committed after the
   * revocation can still reach these connections.
   */
  @Override
  public void onCredentialRevoked(CredentialEvent event) {
    if (event.credential().isPresent()) {
      revoke(event.credential().get());
    } else if (event.user() != null) {
      String login = event.user().login();
      for (Map.Entry<String, Entry> e : List.copyOf(watched.entrySet())) {
        if (login.equalsIgnoreCase(e.getValue().identity.login())) {
          revoke(e.getKey());
        }
      }
    }
  }

  /** Asks the host once per watched credential whether it still holds; closes those that do not. */
  void recheck() {
    for (Map.Entry<String, Entry> e : List.copyOf(watched.entrySet())) {
      boolean current;
      try {
        current = authenticator.isCurrent(e.getValue().identity);
      } catch (RuntimeException x) {
        // The host could not answer (e.g. its database is busy): keep the connections, ask next time.
        log.warn("Re-checking a credential failed", x);
        continue;
      }
      if (!current) {
        revoke(e.getKey());
      }
    }
  }

  private void revoke(String key) {
    Entry entry = watched.remove(key);
    if (entry == null) {
      return;
    }
    List<Revocable> connections = new ArrayList<>(entry.connections);
    for (Revocable c : connections) {
      try {
        c.credentialsRevoked();
      } catch (RuntimeException x) {
        log.warn("Closing a connection with revoked credentials failed", x);
      }
    }
    log.info("Closed {} connection(s) of {} whose credentials were revoked", connections.size(),
        entry.identity.login());
  }
}
