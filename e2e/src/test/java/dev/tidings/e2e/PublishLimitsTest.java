package dev.tidings.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidings.testing.support.Received;
import dev.tidings.testing.support.WsClient;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Security review M3 (T-M3) and L8: a publish to a case variant of a repository channel
 * ({@code repo:BOB/flood}) lands on the host's spelling of the channel, where its subscribers see
 * it, instead of opening a channel of its own with its own retention; the event names its
 * publisher whatever {@code data.actor} claims; a burst beyond the per-user limit is answered 429
 * with {@code Retry-After} and a JSON error.
 */
class PublishLimitsTest {
  private static final String PATH = "plugins/tidings/api/publish";

  @Test
  void caseVariantsLandOnTheCanonicalChannelAndBurstsAreLimited(@TempDir Path temp) throws Exception {
    try (E2eHost host = E2eHost.start(temp.resolve("host"));
        WsClient watcher = WsClient.connect(host.wsUri(), "alice", "tidings-alice")) {
      Rest bob = Rest.bob(host);
      Rest.Answer repo = bob.post("api/v1/user/repos", "{\"name\":\"flood\"}");
      assertThat(repo.status()).as("%s", repo).isEqualTo(201);
      watcher.subscribeOk("repo:bob/flood");
      watcher.subscribeOk("repo:bob/flood/prs");

      Rest.Answer variant = bob.post(PATH,
          "{\"channel\":\"repo:BOB/flood\",\"event\":\"ci.deploy\",\"data\":{\"actor\":\"alice\",\"publisher\":\"alice\"}}");
      assertThat(variant.status()).as("%s", variant).isEqualTo(201);
      assertThat(variant.json().path("channel").asText()).isEqualTo("repo:bob/flood");
      String id = variant.json().path("id").asText();
      Received got = watcher.await("the event on the canonical channel", m -> m.isEventOn("repo:bob/flood")
          && m.json().path("id").asText().equals(id));
      assertThat(got.json().path("data").path("publisher").asText()).isEqualTo("bob");
      assertThat(got.json().path("data").path("actor").asText()).isEqualTo("alice");

      Rest.Answer scoped = bob.post(PATH, "{\"channel\":\"repo:bOb/FLOOD/prs\",\"event\":\"ci.status\",\"data\":{}}");
      assertThat(scoped.status()).as("%s", scoped).isEqualTo(201);
      assertThat(scoped.json().path("channel").asText()).isEqualTo("repo:bob/flood/prs");
      String scopedId = scoped.json().path("id").asText();
      watcher.await("the scoped event", m -> m.isEventOn("repo:bob/flood/prs") && m.json().path("id").asText().equals(scopedId));

      // A burst: the default per-user bucket holds 30 publishes, refilled at 5 a second.
      Rest.Answer limited = null;
      for (int i = 0; i < 200 && limited == null; i++) {
        Rest.Answer a = bob.post(PATH, "{\"channel\":\"repo:bob/flood\",\"event\":\"ci.burst\",\"data\":{\"i\":" + i + "}}");
        if (a.status() == 429) {
          limited = a;
        } else {
          assertThat(a.status()).as("%s", a).isEqualTo(201);
        }
      }
      assertThat(limited).as("a 429 within 200 quick publishes").isNotNull();
      assertThat(limited.json().path("code").asText()).isEqualTo("rate_limited");
      assertThat(limited.json().path("message").asText()).isNotEmpty();
      assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElse("0"))).isPositive();
      // Another user is not limited by bob's burst.
      Rest.Answer alice = Rest.alice(host).post(PATH, "{\"channel\":\"repo:alice/demo\",\"event\":\"ci.status\",\"data\":{}}");
      assertThat(alice.status()).as("%s", alice).isEqualTo(201);
    }
  }
}
