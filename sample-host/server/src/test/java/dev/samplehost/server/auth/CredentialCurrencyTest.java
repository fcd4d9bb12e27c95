package dev.samplehost.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samplehost.api.AuthMethod;
import dev.samplehost.api.Identity;
import dev.samplehost.api.Scopes;
import dev.samplehost.api.UserRef;
import dev.samplehost.api.events.CredentialEvent;
import dev.samplehost.api.events.HostEventListener;
import dev.samplehost.api.events.HostEvents;
import dev.samplehost.server.HostServer;
import dev.samplehost.server.db.Database;
import dev.samplehost.server.domain.NewAccessToken;
import dev.samplehost.server.domain.User;
import dev.samplehost.server.service.AccessTokenService;
import dev.samplehost.server.service.UserService;
import dev.tidings.testing.support.HostTest;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link HostAuthenticator#isCurrent} and the {@link CredentialEvent}s plugins use to close
 * long-lived connections (finding M1): sign-out, session expiry and token deletion each make the
 * credential stale and are announced once, naming the credential as {@link Identity#credential()} does.
 */
@HostTest
class CredentialCurrencyTest {
  @TempDir
  static Path tmp;
  static HostServer host;
  static HostAuthenticator auth;
  static SessionService sessions;
  static UserService users;
  static AccessTokenService tokens;
  static final List<CredentialEvent> events = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    host = HostServer.builder().port(0).dataDir(tmp.resolve("data")).demo(true).build();
    host.start();
    auth = host.injector().getInstance(HostAuthenticator.class);
    sessions = host.injector().getInstance(SessionService.class);
    users = host.injector().getInstance(UserService.class);
    tokens = host.injector().getInstance(AccessTokenService.class);
    host.injector().getInstance(HostEvents.class).addListener(new HostEventListener() {
      @Override
      public void onCredentialRevoked(CredentialEvent event) {
        events.add(event);
      }
    });
  }

  @AfterAll
  static void stop() {
    if (host != null) {
      host.stop();
    }
  }

  @BeforeEach
  void clear() {
    events.clear();
  }

  @Test
  void aDeletedTokenIsNoLongerCurrentAndIsAnnounced() throws Exception {
    User bob = users.get("bob");
    NewAccessToken token = tokens.createToken(bob, "watch-me", List.of("all"));
    Identity identity = auth.authenticate("token " + token.plaintext(), null, null).identity();
    assertThat(identity.credential()).contains("token:" + token.token().id());
    assertThat(auth.isCurrent(identity)).isTrue();

    tokens.deleteToken(bob, "watch-me");

    assertThat(auth.isCurrent(identity)).isFalse();
    assertThat(events).containsExactly(new CredentialEvent(CredentialEvent.Action.TOKEN_DELETED, bob.toRef(),
        identity.credential()));
  }

  @Test
  void aSignedOutSessionIsNoLongerCurrentAndIsAnnounced() throws Exception {
    User alice = users.get("alice");
    SessionService.Session session = sessions.create(alice);
    Identity identity = auth.authenticate(null, null, session.id()).identity();
    assertThat(identity.credential()).contains("session:" + Passwords.sha256(session.id()));
    assertThat(auth.isCurrent(identity)).isTrue();

    sessions.delete(session.id());

    assertThat(auth.isCurrent(identity)).isFalse();
    assertThat(events).containsExactly(new CredentialEvent(CredentialEvent.Action.SIGNED_OUT, alice.toRef(),
        identity.credential()));
    events.clear();
    sessions.delete(session.id());
    assertThat(events).as("signing out twice announces nothing more").isEmpty();
  }

  @Test
  void anExpiredSessionIsNoLongerCurrentAndIsAnnouncedWhenSwept() throws Exception {
    User alice = users.get("alice");
    SessionService.Session session = sessions.create(alice);
    Identity identity = auth.authenticate(null, null, session.id()).identity();
    host.injector().getInstance(Database.class).tx(sql -> sql.update(
        "UPDATE sessions SET expires = 1 WHERE id_hash = ?", Passwords.sha256(session.id())));

    assertThat(auth.isCurrent(identity)).isFalse();
    sessions.create(alice);
    assertThat(events).contains(new CredentialEvent(CredentialEvent.Action.SESSION_EXPIRED, alice.toRef(),
        identity.credential()));
  }

  @Test
  void passwordsAndAnonymousStayCurrentWhileTheUserExists() throws Exception {
    assertThat(auth.isCurrent(Identity.anonymous())).isTrue();
    UserRef bob = users.get("bob").toRef();
    assertThat(auth.isCurrent(new Identity(Optional.of(bob), AuthMethod.BASIC_PASSWORD))).isTrue();
    UserRef ghost = new UserRef(999, "ghost", "", "ghost@example.com", false);
    assertThat(auth.isCurrent(new Identity(Optional.of(ghost), AuthMethod.BASIC_PASSWORD))).isFalse();
    assertThat(auth.isCurrent(new Identity(Optional.of(bob), AuthMethod.TOKEN, Scopes.unrestricted(),
        Optional.of("token:not-a-number")))).isFalse();
    assertThat(auth.isCurrent(new Identity(Optional.of(bob), AuthMethod.TOKEN, Scopes.unrestricted(),
        Optional.of("something-else")))).isFalse();
  }
}
