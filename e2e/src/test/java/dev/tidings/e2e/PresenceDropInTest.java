package dev.tidings.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidings.testing.support.Received;
import dev.tidings.testing.support.WsClient;
import java.nio.file.Path;
import dev.tidings.testing.support.Await;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Presence and typing with the drop-in jar (docs/presence.md), two real users over WebSocket:
 * each sees the other join, type and leave; bob, who cannot read acme/secret, is refused there and
 * never appears; an invisible bob sees alice but neither appears nor types; a second typing within
 * 2 s is answered {@code rate_limited}; and none of it moves the event log.
 */
class PresenceDropInTest {

  @Test
  void twoUsersSeeEachOtherTypingAndLeavingAndNothingIsLogged(@TempDir Path temp) throws Exception {
    try (E2eHost host = E2eHost.start(temp.resolve("host"))) {
      long demoIssue = issue(Rest.alice(host), "alice/demo");
      long secretIssue = issue(Rest.alice(host), "acme/secret");
      String thread = "presence:alice/demo/issues/" + demoIssue;
      String secret = "presence:acme/secret/issues/" + secretIssue;
      try (WsClient alice = WsClient.connect(host.wsUri(), "alice", "tidings-alice");
          WsClient bob = WsClient.connect(host.wsUri(), "bob", "tidings-bob")) {
        JsonNode before = alice.subscribeOk("repo:alice/demo");
        JsonNode beforeIssues = alice.subscribeOk("repo:alice/demo/issues");

        JsonNode subscribed = alice.subscribeOk(thread);
        assertThat(subscribed.path("ephemeral").asBoolean()).as("%s", subscribed).isTrue();
        assertThat(subscribed.has("epoch")).isFalse();
        alice.subscribeOk(secret);
        bob.subscribeOk(thread);
        Received snapshot = bob.await("bob's snapshot", m -> m.type().equals("presence") && on(m, thread));
        assertThat(logins(snapshot.json().path("users"))).containsExactlyInAnyOrder("alice", "bob");
        alice.await("alice sees bob join", m -> m.type().equals("join") && on(m, thread) && user(m).equals("bob"));

        // bob cannot read acme/secret: refused like any other channel of it, and never shown there.
        JsonNode refused = bob.subscribe(secret);
        assertThat(refused.path("code").asText()).as("%s", refused).isEqualTo("forbidden");
        JsonNode malformed = bob.subscribe(thread + "x");
        assertThat(malformed.path("code").asText()).as("%s", malformed).isEqualTo("bad_channel");

        // Typing: bob sees alice's; her second one within 2 s is refused with its id.
        alice.send("{\"type\":\"typing\",\"channel\":\"" + thread + "\"}");
        bob.await("bob sees alice typing", m -> m.type().equals("typing") && on(m, thread) && user(m).equals("alice"));
        alice.send("{\"type\":\"typing\",\"channel\":\"" + thread + "\",\"id\":\"t2\"}");
        Received limited = alice.await("the second typing refused", m -> m.type().equals("error")
            && m.json().path("id").asText().equals("t2"));
        assertThat(limited.json().path("code").asText()).isEqualTo("rate_limited");
        alice.send("{\"type\":\"typing\",\"channel\":\"" + secret.replace("secret", "other") + "\",\"id\":\"t3\"}");
        assertThat(alice.await("typing off-channel refused", m -> m.json().path("id").asText().equals("t3"))
            .json().path("code").asText()).isEqualTo("bad_request");

        // bob leaves: alice sees it after the grace.
        bob.send("{\"type\":\"unsubscribe\",\"channel\":\"" + thread + "\",\"id\":\"u1\"}");
        alice.await("alice sees bob leave", m -> m.type().equals("leave") && on(m, thread) && user(m).equals("bob"));

        // bob turns invisible: he still sees alice, but neither appears nor types.
        Rest.Answer put = Rest.bob(host).put("plugins/tidings/api/presence/preferences", "{\"invisible\":true}");
        assertThat(put.status()).as("%s", put).isEqualTo(200);
        assertThat(put.json().path("invisible").asBoolean()).isTrue();
        Rest.Answer bad = Rest.bob(host).put("plugins/tidings/api/presence/preferences", "{\"visible\":1}");
        assertThat(bad.status()).as("%s", bad).isEqualTo(422);
        try (WsClient hidden = WsClient.connect(host.wsUri(), "bob", "tidings-bob")) {
          hidden.subscribeOk(thread);
          Received seen = hidden.await("invisible bob's snapshot", m -> m.type().equals("presence") && on(m, thread));
          assertThat(logins(seen.json().path("users"))).containsExactly("alice");
          hidden.send("{\"type\":\"typing\",\"channel\":\"" + thread + "\"}");
          hidden.roundTrip();
          // A marker: alice types once her 2 s are up; typing is sent in batches, so a batch
          // naming alice comes after any batch that bob's typing (had it been taken) was in.
          int[] n = {0};
          Await.until("alice's typing accepted", Duration.ofSeconds(20), Duration.ofMillis(250), () -> {
            String id = "m" + n[0]++;
            alice.send("{\"type\":\"typing\",\"channel\":\"" + thread + "\",\"id\":\"" + id + "\"}");
            alice.roundTrip();
            return alice.all().stream().anyMatch(m -> id.equals(m.json().path("id").asText()))
                ? Optional.empty() : Optional.of(true);
          });
          alice.await("alice's own typing batch", m -> m.type().equals("typing") && on(m, thread)
              && user(m).contains("alice"));
        }
        List<String> aboutBob = alice.all().stream()
            .filter(m -> on(m, thread) && (m.type().equals("join") || m.type().equals("typing"))
                && List.of(user(m).split(",")).contains("bob"))
            .map(Received::raw).toList();
        assertThat(aboutBob).as("alice saw bob's visible join only: %s", aboutBob).hasSize(1);
        assertThat(alice.all()).noneMatch(m -> on(m, secret) && m.raw().contains("\"bob\""));

        // Nothing of it reached the event log: the channels stand where they stood.
        JsonNode after = alice.subscribeOk("repo:alice/demo");
        JsonNode afterIssues = alice.subscribeOk("repo:alice/demo/issues");
        assertThat(after.path("offset").asLong()).isEqualTo(before.path("offset").asLong());
        assertThat(afterIssues.path("offset").asLong()).isEqualTo(beforeIssues.path("offset").asLong());
        assertThat(alice.events("repo:alice/demo")).isEmpty();
      }
    }
  }

  @Test
  void aViewerWhoLosesReadAccessIsDroppedAndLeaves(@TempDir Path temp) throws Exception {
    try (E2eHost host = E2eHost.start(temp.resolve("host"))) {
      Rest alice = Rest.alice(host);
      String thread = "presence:acme/secret/issues/" + issue(alice, "acme/secret");
      Rest.Answer added = alice.put("api/v1/repos/acme/secret/collaborators/bob", "{\"permission\":\"read\"}");
      assertThat(added.status()).as("%s", added).isBetween(200, 299);
      try (WsClient a = WsClient.connect(host.wsUri(), "alice", "tidings-alice");
          WsClient bob = WsClient.connect(host.wsUri(), "bob", "tidings-bob")) {
        a.subscribeOk(thread);
        bob.subscribeOk(thread);
        a.await("alice sees bob join", m -> m.type().equals("join") && user(m).equals("bob"));

        Rest.Answer removed = alice.send("DELETE", "api/v1/repos/acme/secret/collaborators/bob", null);
        assertThat(removed.status()).as("%s", removed).isBetween(200, 299);
        Received revoked = bob.await("bob dropped", m -> m.type().equals("error") && on(m, thread));
        assertThat(revoked.json().path("code").asText()).isEqualTo("forbidden");
        bob.await("then unsubscribed", m -> m.type().equals("unsubscribed") && on(m, thread));
        a.await("alice sees bob leave", m -> m.type().equals("leave") && user(m).equals("bob"));
        bob.send("{\"type\":\"typing\",\"channel\":\"" + thread + "\",\"id\":\"late\"}");
        assertThat(bob.await("typing after the drop", m -> m.json().path("id").asText().equals("late"))
            .json().path("code").asText()).isEqualTo("bad_request");
        JsonNode again = bob.subscribe(thread);
        assertThat(again.path("code").asText()).as("%s", again).isEqualTo("forbidden");
      }
    }
  }

  private static long issue(Rest rest, String repo) {
    Rest.Answer a = rest.post("api/v1/repos/" + repo + "/issues", Json.write(Json.object().put("title", "Presence")));
    assertThat(a.status()).as("%s", a).isEqualTo(201);
    return a.json().path("number").asLong();
  }

  private static boolean on(Received m, String channel) {
    return channel.equals(m.json().path("channel").asText());
  }

  /** The user a join/leave is about, or the typists of a typing message (comma-separated). */
  private static String user(Received m) {
    if (m.json().has("users") && m.type().equals("typing")) {
      return String.join(",", logins(m.json().path("users")));
    }
    return m.json().path("user").path("login").asText();
  }

  private static List<String> logins(JsonNode users) {
    return java.util.stream.StreamSupport.stream(users.spliterator(), false).map(u -> u.path("login").asText()).toList();
  }
}
