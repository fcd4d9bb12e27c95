package dev.tidings.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidings.testing.support.Await;
import dev.tidings.testing.support.WsClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resuming from old offsets never shows history the client may not read now:
 * <ul>
 *   <li>security review L4: a collaborator removed from the private acme/secret no longer gets its
 *       old notification events when resuming {@code user:bob} from offset 0;</li>
 *   <li>security review M2: when acme/secret is deleted and re-created as a public repository, an
 *       anonymous resume of its channels from offset 0 gets {@code recovered:false} and none of the
 *       old private events, and neither does an {@code org:acme} resume.</li>
 * </ul>
 */
class ReplayAccessTest {
  private static final String SECRET = "acme/secret";
  private static final String MENTION = "CONFIDENTIAL review for @bob";
  private static final String PLAN = "CONFIDENTIAL merger plan";

  @Test
  void resumesShowOnlyWhatTheClientMayReadNow(@TempDir Path temp) throws Exception {
    try (E2eHost host = E2eHost.start(temp.resolve("host"))) {
      Rest alice = Rest.alice(host);
      Rest bob = Rest.bob(host);
      Rest anonymous = Rest.anonymous(host);

      // L4: bob, a collaborator for a while, is notified about a private issue.
      assertThat(alice.put("api/v1/repos/" + SECRET + "/collaborators/bob", "{\"permission\":\"read\"}").status())
          .isBetween(200, 204);
      assertThat(alice.post("api/v1/repos/" + SECRET + "/issues", "{\"title\":\"" + MENTION + "\"}").status())
          .isEqualTo(201);
      String userEpoch = poll(bob, "user:bob", null).json().path("channels").path("user:bob").path("epoch").asText();
      Await.until("bob's notification about the private issue", () -> {
        Rest.Answer a = poll(bob, "user:bob", cursor("user:bob", userEpoch, 0));
        return a.body().contains("CONFIDENTIAL review") ? Optional.of(a) : Optional.empty();
      });
      assertThat(alice.send("DELETE", "api/v1/repos/" + SECRET + "/collaborators/bob", null).status()).isBetween(200, 204);
      Rest.Answer afterRemoval = poll(bob, "user:bob", cursor("user:bob", userEpoch, 0));
      assertThat(afterRemoval.status()).as("%s", afterRemoval).isEqualTo(200);
      assertThat(afterRemoval.body()).as("bob's user: replay after losing access").doesNotContain("CONFIDENTIAL");

      // M2: a private event in the history, then the repository is deleted and re-created public.
      assertThat(alice.post("api/v1/repos/" + SECRET + "/issues", "{\"title\":\"" + PLAN + "\"}").status())
          .isEqualTo(201);
      String repo = "repo:" + SECRET;
      String oldEpoch = poll(alice, repo, null).json().path("channels").path(repo).path("epoch").asText();
      String issuesEpoch = poll(alice, repo + "/issues", null).json().path("channels").path(repo + "/issues")
          .path("epoch").asText();
      String orgEpoch = poll(alice, "org:acme", null).json().path("channels").path("org:acme").path("epoch").asText();
      Await.until("the plan in acme/secret's history", () -> {
        Rest.Answer a = poll(alice, repo, cursor(repo, oldEpoch, 0));
        return a.body().contains(PLAN) ? Optional.of(a) : Optional.empty();
      });
      try (WsClient watcher = WsClient.connect(host.wsUri(), "alice", "tidings-alice")) {
        watcher.subscribeOk("org:acme");
        assertThat(alice.send("DELETE", "api/v1/repos/" + SECRET, null).status()).isBetween(200, 204);
        assertThat(alice.post("api/v1/orgs/acme/repos", "{\"name\":\"secret\",\"private\":false}").status())
            .isEqualTo(201);
        // The log has handled the deletion once the re-creation (written after it) is delivered.
        watcher.await("the re-created repository's repo.created", m -> m.isEventOn("org:acme")
            && m.json().path("event").asText().equals("repo.created"));
      }

      Rest.Answer resumed = poll(anonymous, repo, cursor(repo, oldEpoch, 0));
      assertThat(resumed.status()).as("%s", resumed).isEqualTo(200);
      assertThat(resumed.json().path("channels").path(repo).path("recovered").asBoolean(true)).isFalse();
      assertThat(resumed.json().path("events")).isEmpty();
      assertThat(resumed.body()).doesNotContain("CONFIDENTIAL");
      Rest.Answer issues = poll(anonymous, repo + "/issues", cursor(repo + "/issues", issuesEpoch, 0));
      assertThat(issues.json().path("channels").path(repo + "/issues").path("recovered").asBoolean(true)).isFalse();
      assertThat(issues.body()).doesNotContain("CONFIDENTIAL");
      JsonNode fresh = poll(anonymous, repo, null).json().path("channels").path(repo);
      assertThat(fresh.path("epoch").asText()).as("the re-created repository's epoch").isNotEqualTo(oldEpoch);
      try (WsClient ws = WsClient.connect(host.wsUri(), null, null)) {
        JsonNode subscribed = ws.subscribe(repo, oldEpoch, 0);
        assertThat(subscribed.path("recovered").asBoolean(true)).as("%s", subscribed).isFalse();
        ws.roundTrip();
        assertThat(ws.all()).noneMatch(m -> m.raw().contains("CONFIDENTIAL"));
      }

      // Nor does the organisation channel replay the dead repository's events (bob may read acme's public repos).
      Rest.Answer org = poll(bob, "org:acme", cursor("org:acme", orgEpoch, 0));
      assertThat(org.status()).as("%s", org).isEqualTo(200);
      assertThat(org.body()).as("bob's org:acme replay").doesNotContain("CONFIDENTIAL");
    }
  }

  private static Rest.Answer poll(Rest client, String channel, String cursor) {
    return client.get("plugins/tidings/poll?timeout=0&channel=" + URLEncoder.encode(channel, StandardCharsets.UTF_8)
        + (cursor == null ? "" : "&cursor=" + cursor));
  }

  private static String cursor(String channel, String epoch, long offset) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString((channel + " " + epoch + " " + offset).getBytes(StandardCharsets.UTF_8));
  }
}
