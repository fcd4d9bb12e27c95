package dev.tidings.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidings.testing.git.GitCli;
import dev.tidings.testing.support.BasicAuth;
import dev.tidings.testing.support.Received;
import dev.tidings.testing.support.SseClient;
import dev.tidings.testing.support.WsClient;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 5: with the drop-in jar installed, bob (no access to the private acme/secret) never
 * receives anything from it on any channel or transport, even when a commit there mentions him,
 * and subscribing to it is answered {@code forbidden}; alice, who may read it, does receive it.
 */
class PrivacyTest {
  private static final String SECRET = "acme/secret";

  @Test
  void bobNeverSeesThePrivateRepositoryOnAnyChannelOrTransport(@TempDir Path temp) throws Exception {
    try (E2eHost host = E2eHost.start(temp.resolve("host"));
        WsClient bob = WsClient.connect(host.wsUri(), "bob", "tidings-bob");
        WsClient alice = WsClient.connect(host.wsUri(), "alice", "tidings-alice")) {
      GitCli git = E2eHost.git(temp);
      GitCli secret = git.in(temp.resolve("secret")).cloneFrom(host.gitUrl("alice", "tidings-alice", SECRET));
      GitCli demo = git.in(temp.resolve("demo")).cloneFrom(host.gitUrl("alice", "tidings-alice", "alice/demo"));

      // Everything bob may subscribe to, on every transport.
      bob.subscribeOk("org:acme");
      bob.subscribeOk("repo:alice/demo");
      bob.subscribeOk("user:bob");
      for (String channel : new String[] {"repo:" + SECRET, "repo:" + SECRET + "/prs", "repo:" + SECRET + "/issues"}) {
        JsonNode refused = bob.subscribe(channel);
        assertThat(refused.path("type").asText()).as("%s", refused).isEqualTo("error");
        assertThat(refused.path("code").asText()).as("%s", refused).isEqualTo("forbidden");
      }
      JsonNode missing = bob.subscribe("repo:acme/does-not-exist");
      assertThat(missing.path("code").asText()).as("a missing repo looks the same as a private one").isEqualTo("forbidden");

      try (SseClient refusedSse = SseClient.open(host.sseUri(), "bob", "tidings-bob", null, "repo:" + SECRET)) {
        assertThat(refusedSse.status()).isEqualTo(403);
      }
      Rest bobRest = Rest.bob(host);
      Rest.Answer refusedPoll = bobRest.get("plugins/tidings/poll?timeout=0&channel=" + enc("repo:" + SECRET));
      assertThat(refusedPoll.status()).as("%s", refusedPoll).isEqualTo(403);
      assertThat(refusedPoll.body()).doesNotContain("secret work");

      try (SseClient bobSse = SseClient.open(host.sseUri(), "bob", "tidings-bob", null, "org:acme", "repo:alice/demo", "user:bob")) {
        assertThat(bobSse.status()).as("%s", bobSse.errorBody()).isEqualTo(200);
        Rest.Answer start = bobRest.get("plugins/tidings/poll?timeout=0" + pollChannels());
        assertThat(start.status()).as("%s", start).isEqualTo(200);
        HttpRequest held = HttpRequest.newBuilder(host.uri("plugins/tidings/poll?timeout=30" + pollChannels()
                + "&cursor=" + start.json().path("cursor").asText()))
            .header("Authorization", BasicAuth.basic("bob", "tidings-bob")).timeout(Duration.ofSeconds(60)).GET().build();
        CompletableFuture<HttpResponse<String>> bobPoll = Rest.CLIENT.sendAsync(held, HttpResponse.BodyHandlers.ofString());

        alice.subscribeOk("repo:" + SECRET);
        alice.subscribeOk("org:acme");

        // A private push that even mentions bob, then a public marker push that also mentions him.
        String hidden = secret.commit("secret work, cc @bob");
        secret.push("origin", "main");
        alice.await("alice sees the private push on repo:" + SECRET, m -> m.isEventOn("repo:" + SECRET)
            && m.json().path("data").path("after").asText().equals(hidden));
        alice.await("alice sees the private push on org:acme", m -> m.isEventOn("org:acme")
            && m.json().path("data").path("after").asText().equals(hidden));
        String marker = demo.commit("public marker, cc @bob");
        demo.push("origin", "main");

        bob.await("the public marker push", m -> m.isEventOn("repo:alice/demo")
            && m.json().path("data").path("after").asText().equals(marker));
        bob.await("bob's mention from the public marker commit", m -> m.isEventOn("user:bob"));
        bobSse.await("the public marker push", m -> m.isEventOn("repo:alice/demo")
            && m.json().path("data").path("after").asText().equals(marker));
        bobSse.await("bob's mention from the public marker commit", m -> m.isEventOn("user:bob"));
        HttpResponse<String> polled = bobPoll.get(45, TimeUnit.SECONDS);
        assertThat(polled.statusCode()).isEqualTo(200);
        bob.roundTrip();

        // Only bob's refusals may name the channel; no event (on any channel) may carry the repo or its commit.
        assertNothingFromTheSecret("WebSocket", bob.all(), hidden);
        assertThat(bob.events("org:acme")).isEmpty();
        assertNothingFromTheSecret("SSE", bobSse.all(), hidden);
        assertThat(bobSse.events("org:acme")).isEmpty();
        assertThat(polled.body()).doesNotContain(hidden).doesNotContain(SECRET).doesNotContain("secret work");
        Rest.Answer inbox = bobRest.get("api/v1/notifications?all=true");
        assertThat(inbox.status()).isEqualTo(200);
        assertThat(inbox.json()).as("bob's inbox: %s", inbox).isNotEmpty();
        assertThat(inbox.body()).doesNotContain(hidden).doesNotContain(SECRET).doesNotContain("secret work");
      }
    }
  }

  private static void assertNothingFromTheSecret(String transport, java.util.List<Received> messages, String hidden) {
    for (Received m : messages) {
      if (m.type().equals("error")) {
        continue;
      }
      if (m.raw().contains(hidden) || m.raw().contains(SECRET) || m.raw().contains("secret work")) {
        throw new AssertionError(transport + ": bob received something from " + SECRET + ": " + m.raw());
      }
    }
  }

  private static String pollChannels() {
    return "&channel=" + enc("org:acme") + "&channel=" + enc("repo:alice/demo") + "&channel=" + enc("user:bob");
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
