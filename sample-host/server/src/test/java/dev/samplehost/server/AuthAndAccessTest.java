package dev.samplehost.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samplehost.api.AccessControl;
import dev.samplehost.api.AuthMethod;
import dev.samplehost.api.Identity;
import dev.samplehost.api.InvalidCredentialsException;
import dev.samplehost.api.Permission;
import dev.samplehost.api.events.HostEventListener;
import dev.samplehost.api.events.HostEvents;
import dev.samplehost.api.events.OrganizationMemberEvent;
import dev.samplehost.server.auth.HostAuthenticator;
import dev.samplehost.server.auth.SessionService;
import dev.samplehost.server.domain.NewAccessToken;
import dev.samplehost.server.domain.TokenLogin;
import dev.samplehost.server.domain.Repository;
import dev.samplehost.server.domain.User;
import dev.samplehost.server.service.AccessTokenService;
import dev.samplehost.server.service.OrgService;
import dev.samplehost.server.service.RepoService;
import dev.samplehost.server.service.UserService;
import dev.samplehost.server.testing.Http;
import dev.tidings.testing.support.BasicAuth;
import dev.tidings.testing.support.HostTest;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Credentials in every accepted form, and the access rules (with cache invalidation) plugins rely on. */
@HostTest
class AuthAndAccessTest {
  @TempDir
  static Path tmp;
  static HostServer host;
  static HostAuthenticator auth;
  static AccessControl access;
  static UserService users;
  static AccessTokenService tokens;
  static User alice;
  static User bob;

  @BeforeAll
  static void start() throws Exception {
    host = HostServer.builder().port(0).dataDir(tmp.resolve("data")).demo(true).build();
    host.start();
    auth = host.injector().getInstance(HostAuthenticator.class);
    access = host.injector().getInstance(AccessControl.class);
    users = host.injector().getInstance(UserService.class);
    tokens = host.injector().getInstance(AccessTokenService.class);
    alice = users.get("alice");
    bob = users.get("bob");
  }

  @AfterAll
  static void stop() {
    if (host != null) {
      host.stop();
    }
  }

  static Identity id(String header, String query, String cookie) throws InvalidCredentialsException {
    return auth.authenticate(header, query, cookie).identity();
  }

  @Test
  void aResolvedTokenFollowsProfileChangesAndDeletion() {
    User carol = users.create("carol", "carol-password", "carol@example.com", "Carol", false);
    NewAccessToken token = tokens.createToken(carol, "script", List.of("all"));
    assertThat(tokens.resolveToken(token.plaintext())).map(TokenLogin::user).map(User::fullName).contains("Carol");
    users.updateProfile(carol, "Carol C.", null);
    assertThat(tokens.resolveToken(token.plaintext())).map(TokenLogin::user).map(User::fullName).contains("Carol C.");
    assertThat(tokens.tokenExists(token.token().id(), "carol")).isTrue();
    tokens.deleteToken(carol, "script");
    assertThat(tokens.resolveToken(token.plaintext())).isEmpty();
    assertThat(tokens.tokenExists(token.token().id(), "carol")).isFalse();
  }

  @Test
  void everyCredentialForm() throws Exception {
    NewAccessToken token = tokens.createToken(bob, "cli", List.of("all"));
    String t = token.plaintext();
    assertThat(token.token().lastEight()).isEqualTo(t.substring(t.length() - 8));
    assertThat(id(null, null, null)).isEqualTo(Identity.anonymous());
    assertThat(id(BasicAuth.basic("bob", "tidings-bob"), null, null).method()).isEqualTo(AuthMethod.BASIC_PASSWORD);
    assertThat(id(BasicAuth.basic("bob", t), null, null).method()).isEqualTo(AuthMethod.TOKEN);
    assertThat(id(BasicAuth.basic(t, ""), null, null).login()).isEqualTo("bob");
    assertThat(id(BasicAuth.basic(t, "x-oauth-basic"), null, null).login()).isEqualTo("bob");
    assertThat(id("token " + t, null, null).login()).isEqualTo("bob");
    assertThat(id("Bearer " + t, null, null).login()).isEqualTo("bob");
    assertThat(id(null, t, null).method()).isEqualTo(AuthMethod.TOKEN);
    SessionService.Session session = host.injector().getInstance(SessionService.class).create(alice);
    assertThat(id(null, null, session.id()).method()).isEqualTo(AuthMethod.SESSION_COOKIE);
    assertThat(id(null, null, "no-such-session")).isEqualTo(Identity.anonymous());

    assertThatThrownBy(() -> id(BasicAuth.basic("bob", "wrong"), null, null)).isInstanceOf(InvalidCredentialsException.class);
    assertThatThrownBy(() -> id("Bearer nope", null, null)).isInstanceOf(InvalidCredentialsException.class);
    assertThatThrownBy(() -> id(null, "nope", null)).isInstanceOf(InvalidCredentialsException.class);
    assertThatThrownBy(() -> id("Digest abc", null, null)).isInstanceOf(InvalidCredentialsException.class);
    // Another user's token is not bob's password.
    NewAccessToken aliceToken = tokens.createToken(alice, "cli", List.of("all"));
    assertThatThrownBy(() -> id(BasicAuth.basic("bob", aliceToken.plaintext()), null, null))
        .isInstanceOf(InvalidCredentialsException.class);
  }

  @Test
  void queryTokensCountOnlyOnTheApi() {
    NewAccessToken token = tokens.createToken(alice, "query", List.of("all"));
    // Outside /api/v1 a ?token= is ignored, so a private page stays hidden.
    assertThat(Http.get(host.baseUrl() + "acme/secret?token=" + token.plaintext()).statusCode()).isEqualTo(404);
  }

  @Test
  void accessRules() {
    assertThat(access.permission(null, "alice", "demo")).isEqualTo(Permission.READ);
    assertThat(access.permission(null, "acme", "secret")).isEqualTo(Permission.NONE);
    assertThat(access.permission("bob", "acme", "secret")).isEqualTo(Permission.NONE);
    assertThat(access.permission("alice", "acme", "secret")).isEqualTo(Permission.OWNER);
    assertThat(access.permission("alice", "alice", "demo")).isEqualTo(Permission.OWNER);
    assertThat(access.permission("bob", "alice", "demo")).isEqualTo(Permission.READ);
    assertThat(access.permission("bob", "nobody", "nothing")).isEqualTo(Permission.NONE);
    assertThat(access.isAdmin("alice")).isTrue();
    assertThat(access.isAdmin("bob")).isFalse();
    assertThat(access.canSeeOrganization(null, "acme")).isTrue();
  }

  @Test
  void changesInvalidateTheCache() {
    RepoService repos = host.injector().getInstance(RepoService.class);
    OrgService orgs = host.injector().getInstance(OrgService.class);
    List<OrganizationMemberEvent> events = new CopyOnWriteArrayList<>();
    host.injector().getInstance(HostEvents.class).addListener(new HostEventListener() {
      @Override
      public void onOrganizationMember(OrganizationMemberEvent event) {
        events.add(event);
      }
    });
    Repository priv = repos.create(alice, "alice", "private-one", "", true, true, "main");
    assertThat(access.canRead("bob", "alice", "private-one")).isFalse();
    repos.addCollaborator(alice, priv, bob, Permission.READ);
    assertThat(access.permission("bob", "alice", "private-one")).isEqualTo(Permission.READ);
    repos.addCollaborator(alice, priv, bob, Permission.WRITE);
    assertThat(access.permission("bob", "alice", "private-one")).isEqualTo(Permission.WRITE);
    repos.removeCollaborator(alice, priv, bob);
    assertThat(access.canRead("bob", "alice", "private-one")).isFalse();

    orgs.create(alice, "hidden-org", "", "", "private");
    Repository orgRepo = repos.create(alice, "hidden-org", "inside", "", true, false, "main");
    assertThat(access.canSeeOrganization("bob", "hidden-org")).isFalse();
    assertThat(access.canRead("bob", "hidden-org", "inside")).isFalse();
    orgs.addMember(alice, "hidden-org", bob);
    assertThat(access.canSeeOrganization("bob", "hidden-org")).isTrue();
    assertThat(access.permission("bob", orgRepo.owner(), orgRepo.name()).atLeast(Permission.WRITE)).isTrue();
    orgs.removeMember(alice, "hidden-org", bob);
    assertThat(access.canRead("bob", "hidden-org", "inside")).isFalse();
    assertThat(events).extracting(e -> e.action() + " " + e.organization() + " " + e.member().login())
        .contains("ADDED hidden-org bob", "REMOVED hidden-org bob");
  }

  @Test
  void dataSurvivesARestartAndDemoSeedingIsIdempotent() throws Exception {
    Path data = tmp.resolve("restart");
    try (HostServer first = HostServer.builder().port(0).dataDir(data).demo(true).build()) {
      first.start();
      first.injector().getInstance(RepoService.class)
          .create(first.injector().getInstance(UserService.class).get("bob"), "bob", "kept", "", false, true, "main");
    }
    try (HostServer second = HostServer.builder().port(0).dataDir(data).demo(true).build()) {
      second.start();
      RepoService repos = second.injector().getInstance(RepoService.class);
      assertThat(repos.find("bob", "kept")).isPresent();
      assertThat(repos.branches(repos.get("bob", "kept"))).extracting(b -> b.name()).containsExactly("main");
      assertThat(second.injector().getInstance(UserService.class).verifyPassword("alice", "tidings-alice")).isPresent();
      assertThat(repos.listByOwner("alice")).extracting(Repository::name).containsExactly("demo");
    }
  }
}
