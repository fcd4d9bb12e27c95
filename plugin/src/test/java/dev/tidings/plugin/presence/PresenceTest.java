package dev.tidings.plugin.presence;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.samplehost.api.AccessControl;
import dev.samplehost.api.Permission;
import dev.tidings.plugin.access.ChannelAuthorizer;
import dev.tidings.plugin.hub.Outgoing;
import dev.tidings.testing.support.Await;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The presence state: tab dedupe, leave grace, caps, typing throttle, invisibility, access re-checks. */
class PresenceTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final PresenceChannel PR = PresenceChannel.parse("presence:alice/demo/pulls/1");

  private final Set<String> readers = ConcurrentHashMap.newKeySet(8);
  private final Map<String, PresencePreferences> prefs = new HashMap<>();
  private Presence presence;

  /** A connection that records what it is sent. */
  static final class Client implements PresenceClient {
    final String login;
    final List<JsonNode> got = new CopyOnWriteArrayList<>();
    final List<String> revoked = new CopyOnWriteArrayList<>();

    Client(String login) {
      this.login = login;
    }

    @Override
    public String login() {
      return login;
    }

    @Override
    public boolean send(Outgoing message) {
      try {
        got.add(JSON.readTree(new String(message.payload(), StandardCharsets.UTF_8)));
      } catch (Exception e) {
        throw new AssertionError(e);
      }
      return true;
    }

    @Override
    public void presenceRevoked(Member member) {
      revoked.add(member.channel());
    }

    List<String> types() {
      List<String> t = new ArrayList<>();
      for (JsonNode n : got) {
        String who = n.has("user") ? ":" + n.get("user").get("login").asText() : "";
        if (n.get("type").asText().equals("typing")) {
          List<String> logins = new ArrayList<>();
          n.get("users").forEach(u -> logins.add(u.get("login").asText()));
          who = ":" + String.join(",", logins);
        }
        t.add(n.get("type").asText() + who);
      }
      return t;
    }

    JsonNode last() {
      return got.get(got.size() - 1);
    }
  }

  private Duration batch = Duration.ZERO;

  private Presence start(Duration grace, int maxViewers) {
    readers.addAll(List.of("alice", "bob", "carol"));
    AccessControl access = new AccessControl() {
      @Override
      public Permission permission(String login, String owner, String name) {
        return login != null && readers.contains(login) ? Permission.READ : Permission.NONE;
      }

      @Override
      public boolean canSeeOrganization(String login, String org) {
        return false;
      }

      @Override
      public boolean isAdmin(String login) {
        return false;
      }
    };
    presence = new Presence(new PresenceSettings(grace, Duration.ofSeconds(2), maxViewers, 8, Duration.ofHours(1),
        batch),
        new ChannelAuthorizer(access, null), null, login -> prefs.getOrDefault(login, PresencePreferences.DEFAULT),
        PresenceDirectory.LOCAL);
    presence.start();
    return presence;
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (presence != null) {
      presence.stop();
    }
  }

  @Test
  void joinSendsSubscribedAndSnapshotAndTellsTheOthers() {
    start(Duration.ZERO, 10);
    Client alice = new Client("alice");
    Client bob = new Client("bob");
    presence.join(PR, alice, JSON.getNodeFactory().numberNode(7));
    assertThat(alice.got.get(0).toString()).isEqualTo(
        "{\"type\":\"subscribed\",\"channel\":\"presence:alice/demo/pulls/1\",\"ephemeral\":true,\"id\":7}");
    assertThat(alice.got.get(1).get("users").toString()).isEqualTo("[{\"login\":\"alice\"}]");
    presence.join(PR, bob, null);
    assertThat(alice.types()).containsExactly("subscribed", "presence", "join:bob");
    assertThat(bob.last().get("users")).hasSize(2);
  }

  @Test
  void threeTabsAreOneViewerAndLeaveOnlyWithTheLast() {
    start(Duration.ZERO, 10);
    Client watcher = new Client("carol");
    presence.join(PR, watcher, null);
    Client tab1 = new Client("bob");
    Client tab2 = new Client("bob");
    Client tab3 = new Client("bob");
    Member m1 = presence.join(PR, tab1, null);
    Member m2 = presence.join(PR, tab2, null);
    Member m3 = presence.join(PR, tab3, null);
    assertThat(presence.viewers(PR.name())).containsExactlyInAnyOrder("carol", "bob");
    presence.leave(m1);
    presence.leave(m2);
    assertThat(watcher.types()).containsExactly("subscribed", "presence", "join:bob");
    presence.leave(m3);
    presence.leave(m3);
    assertThat(watcher.types()).containsExactly("subscribed", "presence", "join:bob", "leave:bob");
  }

  @Test
  void aReloadWithinTheGraceShowsNoLeaveAndNoJoin() {
    start(Duration.ofSeconds(30), 10);
    Client watcher = new Client("carol");
    presence.join(PR, watcher, null);
    Member first = presence.join(PR, new Client("bob"), null);
    presence.leave(first);
    presence.join(PR, new Client("bob"), null);
    assertThat(watcher.types()).containsExactly("subscribed", "presence", "join:bob");
    assertThat(presence.viewers(PR.name())).containsExactlyInAnyOrder("carol", "bob");
  }

  @Test
  void aLeaveIsShownAfterTheGraceAndTheRoomGoesWithTheLastMember() {
    start(Duration.ofMillis(100), 10);
    Client watcher = new Client("carol");
    Member w = presence.join(PR, watcher, null);
    presence.leave(presence.join(PR, new Client("bob"), null));
    Await.isTrue("bob's leave after the grace", () -> watcher.types().contains("leave:bob"));
    presence.leave(w);
    Await.isTrue("the room dropped", () -> presence.rooms() == 0);
  }

  @Test
  void aFullThreadRefusesMoreMembers() {
    start(Duration.ZERO, 2);
    assertThat(presence.join(PR, new Client("alice"), null)).isNotNull();
    assertThat(presence.join(PR, new Client("bob"), null)).isNotNull();
    Client third = new Client("carol");
    assertThat(presence.join(PR, third, null)).isNull();
    assertThat(third.got).isEmpty();
  }

  @Test
  void typingIsThrottledPerUserAcrossTabs() {
    start(Duration.ZERO, 10);
    Client alice = new Client("alice");
    presence.join(PR, alice, null);
    Client bobTab1 = new Client("bob");
    Client bobTab2 = new Client("bob");
    Member b1 = presence.join(PR, bobTab1, null);
    Member b2 = presence.join(PR, bobTab2, null);
    assertThat(presence.typing(b1, () -> {})).isTrue();
    assertThat(presence.typing(b2, () -> {})).isFalse();
    assertThat(presence.typing(b1, () -> {})).isFalse();
    assertThat(alice.types()).containsExactly("subscribed", "presence", "join:bob", "typing:bob");
    // The typist's own tabs get it too (one shared message); clients skip their own login.
    assertThat(bobTab1.types()).contains("typing:bob");
  }

  @Test
  void typingWithinABatchGoesOutAsOneMessageNamingEveryTypist() {
    batch = Duration.ofMillis(300);
    start(Duration.ZERO, 10);
    Client watcher = new Client(null);
    presence.join(PR, watcher, null);
    Member a = presence.join(PR, new Client("alice"), null);
    Member b = presence.join(PR, new Client("bob"), null);
    Member c = presence.join(PR, new Client("carol"), null);
    presence.typing(c, () -> {});
    presence.typing(a, () -> {});
    presence.typing(b, () -> {});
    Await.isTrue("the batch sent", () -> watcher.types().stream().anyMatch(t -> t.startsWith("typing")));
    assertThat(watcher.types()).containsExactly("subscribed", "presence", "join:alice", "join:bob", "join:carol",
        "typing:alice,bob,carol");
  }

  @Test
  void invisibleUsersSeeOthersButNeverAppearNorType() {
    prefs.put("bob", new PresencePreferences(true, true));
    prefs.put("carol", new PresencePreferences(false, false));
    start(Duration.ZERO, 10);
    Client alice = new Client("alice");
    presence.join(PR, alice, null);
    Client bob = new Client("bob");
    Member b = presence.join(PR, bob, null);
    Member c = presence.join(PR, new Client("carol"), null);
    assertThat(bob.got.get(1).get("users").toString()).isEqualTo("[{\"login\":\"alice\"}]");
    assertThat(presence.typing(b, () -> {})).isTrue();
    assertThat(presence.typing(c, () -> {})).isTrue();
    presence.leave(b);
    assertThat(alice.types()).containsExactly("subscribed", "presence", "join:carol");
  }

  @Test
  void anonymousReadersSeeViewersButNeverAppear() {
    start(Duration.ZERO, 10);
    Client anonymous = new Client(null);
    Client alice = new Client("alice");
    presence.join(PR, alice, null);
    presence.join(PR, anonymous, null);
    assertThat(anonymous.last().get("users").toString()).isEqualTo("[{\"login\":\"alice\"}]");
    assertThat(alice.types()).containsExactly("subscribed", "presence");
  }

  @Test
  void aRecheckDropsWhoLostReadAccessAndTellsThem() {
    start(Duration.ZERO, 10);
    Client alice = new Client("alice");
    Client bob = new Client("bob");
    presence.join(PR, alice, null);
    presence.join(PR, bob, null);
    readers.remove("bob");
    presence.recheck(r -> true);
    assertThat(bob.revoked).containsExactly(PR.name());
    assertThat(alice.types()).containsExactly("subscribed", "presence", "join:bob", "leave:bob");
    assertThat(presence.viewers(PR.name())).containsExactly("alice");
  }

  @Test
  void channelNames() {
    assertThat(PresenceChannel.parse("presence:alice/demo/issues/12")).isNotNull()
        .extracting(PresenceChannel::number).isEqualTo(12L);
    assertThat(PresenceChannel.parse("presence:alice/demo/issues/0")).isNull();
    assertThat(PresenceChannel.parse("presence:alice/demo/prs/1")).isNull();
    assertThat(PresenceChannel.parse("presence:alice/demo")).isNull();
    assertThat(PresenceChannel.parse("presence:alice/demo/pulls/1").repository().name()).isEqualTo("repo:alice/demo");
  }
}
