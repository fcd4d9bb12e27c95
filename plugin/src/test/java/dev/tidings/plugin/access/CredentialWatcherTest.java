package dev.tidings.plugin.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samplehost.api.AuthMethod;
import dev.samplehost.api.Authenticator;
import dev.samplehost.api.Identity;
import dev.samplehost.api.Scopes;
import dev.samplehost.api.UserRef;
import dev.samplehost.api.events.CredentialEvent;
import dev.samplehost.api.events.HostEventListener;
import dev.samplehost.api.events.HostEvents;
import dev.tidings.plugin.config.TidingsConfig;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which connections the watcher closes, on a host event and at its periodic re-check (finding M1). */
class CredentialWatcherTest {

  private final Set<String> stale = ConcurrentHashMap.newKeySet();
  private final AtomicInteger checks = new AtomicInteger();
  private final List<HostEventListener> listeners = new CopyOnWriteArrayList<>();
  private final Authenticator authenticator = new Authenticator() {
    @Override
    public Identity authenticate(Request request) {
      return Identity.anonymous();
    }

    @Override
    public boolean isCurrent(Identity identity) {
      checks.incrementAndGet();
      return !stale.contains(identity.credential().orElse("password:" + identity.login()));
    }
  };
  private final HostEvents events = listener -> {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  };
  private CredentialWatcher watcher;

  private CredentialWatcher start(String interval) throws Exception {
    Properties p = new Properties();
    p.setProperty("access.recheckInterval", interval);
    watcher = new CredentialWatcher(authenticator, events, new TidingsConfig(p));
    watcher.start();
    return watcher;
  }

  @AfterEach
  void stop() throws Exception {
    if (watcher != null) {
      watcher.stop();
    }
  }

  private static Identity token(String login, String id) {
    return new Identity(Optional.of(user(login)), AuthMethod.TOKEN, Scopes.unrestricted(), Optional.of("token:" + id));
  }

  private static UserRef user(String login) {
    return new UserRef(login.length(), login, "", login + "@example.com", false);
  }

  /** A connection that counts how often it was told its credential is gone. */
  private static final class Conn implements CredentialWatcher.Revocable {
    final AtomicInteger revoked = new AtomicInteger();

    @Override
    public void credentialsRevoked() {
      revoked.incrementAndGet();
    }
  }

  @Test
  void anEventClosesExactlyTheConnectionsOfThatCredential() throws Exception {
    start("1h");
    Conn a1 = new Conn();
    Conn a2 = new Conn();
    Conn other = new Conn();
    watcher.watch(token("alice", "1"), a1);
    watcher.watch(token("alice", "1"), a2);
    watcher.watch(token("alice", "2"), other);
    assertThat(watcher.watch(Identity.anonymous(), new Conn())).as("anonymous is not tracked").isNull();

    listeners.forEach(l -> l.onCredentialRevoked(new CredentialEvent(CredentialEvent.Action.TOKEN_DELETED,
        user("alice"), Optional.of("token:1"))));

    assertThat(a1.revoked).hasValue(1);
    assertThat(a2.revoked).hasValue(1);
    assertThat(other.revoked).hasValue(0);
    assertThat(watcher.size()).isEqualTo(1);
  }

  @Test
  void aDeletedUserClosesAllOfTheirConnections() throws Exception {
    start("1h");
    Conn token = new Conn();
    Conn password = new Conn();
    Conn bob = new Conn();
    watcher.watch(token("alice", "1"), token);
    watcher.watch(new Identity(Optional.of(user("alice")), AuthMethod.BASIC_PASSWORD), password);
    watcher.watch(token("bob", "3"), bob);

    listeners.forEach(l -> l.onCredentialRevoked(new CredentialEvent(CredentialEvent.Action.USER_DELETED,
        user("alice"), Optional.empty())));

    assertThat(token.revoked).hasValue(1);
    assertThat(password.revoked).hasValue(1);
    assertThat(bob.revoked).hasValue(0);
  }

  @Test
  void thePeriodicRecheckClosesWhatIsNoLongerCurrentAsksOncePerCredentialAndForgetsCancelled() throws Exception {
    Conn kept = new Conn();
    Conn gone1 = new Conn();
    Conn gone2 = new Conn();
    Conn cancelled = new Conn();
    start("50ms");
    watcher.watch(token("alice", "1"), kept);
    watcher.watch(token("alice", "2"), gone1);
    watcher.watch(token("alice", "2"), gone2);
    CredentialWatcher.Watch w = watcher.watch(token("bob", "9"), cancelled);
    w.cancel();
    assertThat(watcher.size()).isEqualTo(2);
    stale.add("token:2");
    stale.add("token:9");

    long end = System.nanoTime() + 10_000_000_000L;
    while ((gone1.revoked.get() == 0 || gone2.revoked.get() == 0) && System.nanoTime() < end) {
      Thread.sleep(10);
    }
    assertThat(gone1.revoked).hasValue(1);
    assertThat(gone2.revoked).hasValue(1);
    assertThat(kept.revoked).hasValue(0);
    assertThat(cancelled.revoked).as("a cancelled watch is forgotten").hasValue(0);
    assertThat(watcher.size()).isEqualTo(1);
  }
}
