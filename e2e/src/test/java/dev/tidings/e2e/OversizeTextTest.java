package dev.tidings.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidings.testing.git.GitCli;
import dev.tidings.testing.support.Received;
import dev.tidings.testing.support.WsClient;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Security review H4 (T-H4): an oversize title used to be stored and repeated in every later event
 * of the issue and in every recipient's notification, so a few small requests filled disk and heap
 * and dropped live subscribers as slow consumers. Now the host refuses a 4 MB title with Gitea's
 * 422, and a 100 KB commit subject pushed with real git becomes a small push event whose message
 * is cut and flagged; a passive live subscriber of the repository stays connected throughout.
 */
class OversizeTextTest {

  @Test
  void oversizeTitlesAreRefusedAndOversizeCommitSubjectsMakeSmallFlaggedEvents(@TempDir Path temp) throws Exception {
    try (E2eHost host = E2eHost.start(temp.resolve("host"));
        WsClient viewer = WsClient.connect(host.wsUri(), null, null)) {
      viewer.subscribeOk("repo:alice/demo");

      // 1. REST: a 4 MB title is 422 in Gitea's shape, and nothing is stored.
      Rest bob = Rest.bob(host);
      Rest.Answer big = bob.post("api/v1/repos/alice/demo/issues",
          Json.write(Json.object().put("title", "T".repeat(4_000_000)).put("body", "ping @alice")));
      assertThat(big.status()).as("%s", big.status()).isEqualTo(422);
      assertThat(big.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
      assertThat(big.json().path("message").asText()).isEqualTo("[Title]: MaxSize");
      assertThat(big.json().path("url").asText()).isNotEmpty();
      Rest.Answer bigBody = bob.post("api/v1/repos/alice/demo/issues",
          Json.write(Json.object().put("title", "ok").put("body", "b".repeat(70_000))));
      assertThat(bigBody.status()).isEqualTo(422);
      assertThat(bigBody.json().path("message").asText()).isEqualTo("[Body]: MaxSize");
      Rest.Answer list = bob.get("api/v1/repos/alice/demo/issues?state=all");
      assertThat(list.body()).doesNotContain("TTTTTTTTTT");

      // 2. Hooks: a 100 KB commit subject, pushed over HTTP with the git CLI.
      GitCli work = E2eHost.git(temp).in(temp.resolve("demo"))
          .cloneFrom(host.gitUrl("alice", "tidings-alice", "alice/demo"));
      String subject = "S".repeat(100_000);
      String sha = work.commit(subject);
      work.push("origin", "main");
      Received push = viewer.await("the push event", m -> m.isEventOn("repo:alice/demo")
          && m.json().path("event").asText().equals("push"));
      JsonNode commit = push.json().path("data").path("commits").path(0);
      assertThat(commit.path("id").asText()).isEqualTo(sha);
      assertThat(commit.path("message_truncated").asBoolean()).isTrue();
      assertThat(commit.path("message").asText()).startsWith("SSSS").hasSizeLessThanOrEqualTo(1024).endsWith("\u2026");
      assertThat(push.raw().length()).isLessThan(8 * 1024);

      // 3. The passive viewer was never dropped (a slow-consumer close would be 4008).
      viewer.roundTrip();
      assertThat(viewer.closeCode()).isEqualTo(-1);
    }
  }
}
