package dev.samplehost.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidings.testing.support.Await;
import dev.tidings.testing.support.BasicAuth;
import dev.tidings.testing.support.HostTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real host processes ({@code Main}, on this test's class path) started at the same moment on one
 * empty data folder: they migrate and seed once, a collaborator change on one is seen by the other
 * within {@code --access-refresh}, and writes through both succeed with distinct issue numbers.
 */
@HostTest
class SeveralProcessesTest {
  private static final Pattern URL = Pattern.compile("running at (http://\\S+/)");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static final String ALICE = BasicAuth.basic("alice", "tidings-alice");
  private static final String BOB = BasicAuth.basic("bob", "tidings-bob");

  @Test
  void twoProcessesOnOneDataFolder(@TempDir Path tmp) throws Exception {
    Path shared = tmp.resolve("shared");
    List<Process> nodes = new ArrayList<>();
    try {
      Path logA = tmp.resolve("a.log");
      Path logB = tmp.resolve("b.log");
      nodes.add(start(shared, tmp.resolve("node-a"), logA));
      nodes.add(start(shared, tmp.resolve("node-b"), logB));
      String a = baseUrl(nodes.get(0), logA);
      String b = baseUrl(nodes.get(1), logB);

      assertThat(send("POST", a + "api/v1/user/repos", ALICE, "{\"name\":\"shared-private\",\"private\":true}")
          .statusCode()).isEqualTo(201);
      String repoOnA = a + "api/v1/repos/alice/shared-private";
      assertThat(send("GET", repoOnA, BOB, null).statusCode()).as("bob cannot see it yet (and A caches that)")
          .isEqualTo(404);

      assertThat(send("PUT", b + "api/v1/repos/alice/shared-private/collaborators/bob", ALICE,
          "{\"permission\":\"read\"}").statusCode()).isEqualTo(204);
      Await.isTrue("node A lets bob read after node B added him",
          () -> send("GET", repoOnA, BOB, null).statusCode() == 200);

      assertThat(send("DELETE", b + "api/v1/repos/alice/shared-private/collaborators/bob", ALICE, null)
          .statusCode()).isEqualTo(204);
      Await.isTrue("node A stops letting bob read after node B removed him",
          () -> send("GET", repoOnA, BOB, null).statusCode() == 404);

      ExecutorService pool = Executors.newFixedThreadPool(6);
      try {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
          String node = i % 2 == 0 ? a : b;
          String title = "issue " + i;
          answers.add(pool.submit(() -> {
            go.await();
            return send("POST", node + "api/v1/repos/alice/demo/issues", ALICE, "{\"title\":\"" + title + "\"}");
          }));
        }
        go.countDown();
        Set<Long> numbers = new HashSet<>();
        for (Future<HttpResponse<String>> f : answers) {
          HttpResponse<String> r = f.get(120, TimeUnit.SECONDS);
          assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
          numbers.add(JSON.readTree(r.body()).get("number").asLong());
        }
        assertThat(numbers).hasSize(100);
      } finally {
        pool.shutdownNow();
      }
      assertThat(Files.readString(logA) + Files.readString(logB)).doesNotContain("database is locked")
          .doesNotContain("SQLITE_BUSY");
    } finally {
      for (Process p : nodes) {
        p.destroy(); // SIGTERM: the shutdown hook stops the host
      }
      for (Process p : nodes) {
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
    }
  }

  private static Process start(Path data, Path pluginData, Path log) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    return new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "--port", "0", "--data", data.toString(), "--plugins-data", pluginData.toString(),
        "--plugins", pluginData.resolve("no-plugins").toString(), "--demo", "--access-refresh", "200ms",
        "--password-iterations", "10000")
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  private static String baseUrl(Process p, Path log) {
    return Await.until("the node prints its URL", Duration.ofSeconds(90), Duration.ofMillis(100), () -> {
      if (!p.isAlive()) {
        throw new AssertionError("node exited with " + p.exitValue() + ":\n" + read(log));
      }
      Matcher m = URL.matcher(read(log));
      return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    });
  }

  private static String read(Path log) {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return "";
    }
  }

  private static HttpResponse<String> send(String method, String url, String authorization, String json) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
        .header("Authorization", authorization)
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      b.header("Content-Type", "application/json");
    }
    try {
      return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + url + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
