package dev.tidings.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidings.testing.support.BasicAuth;
import dev.tidings.testing.support.Received;
import dev.tidings.testing.support.WsClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Security review H2 (T-H2): bob opens issues on alice/demo whose body is "x", about 64 KiB of
 * newlines and then " @alice", eight at once. The old fence-stripping regex in MentionExtractor was
 * quadratic on such a text (about 20 s of CPU each, on the request thread), so these requests ran
 * into their 30 s timeout and the host stalled. Now every request answers, {@code /healthz} answers
 * meanwhile, and alice gets each mention notification.
 *
 * <p>The review's body had 65,534 newlines: 65,542 characters in all, over the host's new 65,536
 * character body limit (422), and its mention lay beyond the 64 KiB the extractor scans even before.
 * This one has 65,500 newlines, so it is stored and its mention counts.
 */
class MentionScanTest {

  private static final int PARALLEL = 8;

  @Test
  void pathologicalBodiesAreAnsweredAndTheirMentionsNotified(@TempDir Path temp) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
    try (E2eHost host = E2eHost.start(temp.resolve("host"));
        WsClient aliceLive = WsClient.connect(host.wsUri(), "alice", "tidings-alice")) {
      aliceLive.subscribeOk("user:alice");
      List<CompletableFuture<Rest.Answer>> posts = new ArrayList<>();
      for (int i = 0; i < PARALLEL; i++) {
        ObjectNode body = Json.object().put("title", "regex probe " + i)
            .put("body", "x" + "\n".repeat(65_500) + " @alice");
        HttpRequest request = HttpRequest.newBuilder(host.uri("api/v1/repos/alice/demo/issues"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .header("Authorization", BasicAuth.basic("bob", "tidings-bob"))
            .POST(HttpRequest.BodyPublishers.ofString(Json.write(body), StandardCharsets.UTF_8)).build();
        posts.add(CompletableFuture.supplyAsync(() -> Rest.send(request), pool));
      }
      // The host keeps answering while the eight are in flight.
      Rest.Answer health = Rest.send(HttpRequest.newBuilder(host.uri("healthz")).timeout(Duration.ofSeconds(30))
          .GET().build());
      assertThat(health.status()).isEqualTo(200);

      Set<String> titles = new HashSet<>();
      for (CompletableFuture<Rest.Answer> post : posts) {
        Rest.Answer created = post.get(60, TimeUnit.SECONDS);
        assertThat(created.status()).as("%s", created.status()).isEqualTo(201);
        titles.add(created.json().path("title").asText());
      }
      for (String title : titles) {
        Received n = aliceLive.await("alice's mention notification for " + title, m -> m.isEventOn("user:alice")
            && m.json().path("data").path("thread").path("subject").path("title").asText().equals(title));
        assertThat(n.json().path("data").path("thread").path("reason").asText()).isEqualTo("mention");
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
