package dev.tidings.e2e;

import static dev.tidings.testing.support.Requirements.require;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.samplehost.server.HostServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every {@code e2e/src/test/node/*.test.mjs} (gitea-js and other node clients) with
 * {@code node --test} against the demo host with the built Tidings plugin jar installed.
 */
class NodeClientTest {

  private static final Duration NODE_TIMEOUT = Duration.ofMinutes(4);
  private static final Path NODE_DIR = Paths.get("src", "test", "node");
  private static final Path PLUGIN_JAR = Artifacts.PLUGIN_JAR;

  @TempDir Path temp;

  @Test
  void nodeClientsPassAgainstTheDemoHost() throws Exception {
    require(Files.isRegularFile(PLUGIN_JAR), loud("plugin jar " + PLUGIN_JAR.toAbsolutePath()
        + " is missing; build it first: mvn -pl plugin package -DskipTests"));
    String node = findOnPath("node");
    require(node != null, loud("node is not on the PATH"));
    installNodePackages();
    List<Path> tests = testFiles();
    require(!tests.isEmpty(), loud("no *.test.mjs files in " + NODE_DIR.toAbsolutePath()));

    Path plugins = Files.createDirectories(temp.resolve("plugins"));
    Files.copy(PLUGIN_JAR, plugins.resolve("tidings-plugin.jar"));
    try (HostServer host = HostServer.builder().bind("127.0.0.1").port(0)
        .dataDir(temp.resolve("data")).pluginsDir(plugins).demo(true).build()) {
      host.start();
      String base = host.baseUrl();
      String aliceToken = createToken(base, "alice", "tidings-alice");
      String bobToken = createToken(base, "bob", "tidings-bob");

      List<String> command = new ArrayList<>(List.of(node, "--test", "--test-concurrency=1"));
      tests.forEach(t -> command.add(t.getFileName().toString()));
      ProcessBuilder pb = new ProcessBuilder(command).directory(NODE_DIR.toFile()).redirectErrorStream(true);
      pb.environment().put("BASE_URL", base.replaceAll("/+$", ""));
      pb.environment().put("ALICE_TOKEN", aliceToken);
      pb.environment().put("BOB_TOKEN", bobToken);
      pb.environment().put("ALICE_PASSWORD", "tidings-alice");
      pb.environment().put("BOB_PASSWORD", "tidings-bob");
      pb.environment().put("GIT_TERMINAL_PROMPT", "0");
      Path log = temp.resolve("node.log");
      pb.redirectOutput(log.toFile());
      Process process = pb.start();
      boolean finished = process.waitFor(NODE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      if (!finished) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        fail("node --test did not finish within " + NODE_TIMEOUT + ":\n" + Files.readString(log));
      }
      String output = Files.readString(log);
      if (process.exitValue() != 0) {
        fail("node --test failed (exit " + process.exitValue() + "):\n" + output);
      }
      assertThat(output).contains("# fail 0");
      // Show the summary in the build log, so a green run still says how many node tests ran.
      output.lines().filter(l -> l.startsWith("# tests") || l.startsWith("# pass") || l.startsWith("# skipped"))
          .forEach(l -> System.out.println("NodeClientTest " + l));
    }
  }

  private static String createToken(String base, String user, String password) throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "api/v1/users/" + user + "/tokens"))
        .timeout(Duration.ofSeconds(20))
        .header("Authorization", "Basic " + basic)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"node-e2e\",\"scopes\":[\"all\"]}"))
        .build();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("token for %s: %s", user, response.body()).isEqualTo(201);
    JsonNode json = new ObjectMapper().readTree(response.body());
    return json.get("sha1").asText();
  }

  private static List<Path> testFiles() throws IOException {
    try (Stream<Path> files = Files.list(NODE_DIR)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".test.mjs"))
          .sorted(Comparator.naturalOrder()).toList();
    }
  }

  /**
   * Runs {@code npm ci} when {@code node_modules} is missing, so a fresh clone runs these tests
   * with no manual step. npm is a prerequisite once node is there: a failed install fails the test.
   */
  private static void installNodePackages() throws Exception {
    if (Files.isDirectory(NODE_DIR.resolve("node_modules"))) {
      return;
    }
    String npm = findOnPath("npm");
    if (npm == null) {
      fail("node is installed but npm is not; install npm (Debian package `npm`)");
    }
    Path log = Files.createTempFile("npm-ci", ".log");
    Process process = new ProcessBuilder(npm, "ci", "--no-audit", "--no-fund", "--loglevel=error")
        .directory(NODE_DIR.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!process.waitFor(NODE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      fail("npm ci in " + NODE_DIR.toAbsolutePath() + " did not finish within " + NODE_TIMEOUT);
    }
    if (process.exitValue() != 0) {
      fail("npm ci in " + NODE_DIR.toAbsolutePath() + " failed:\n" + Files.readString(log));
    }
  }

  private static String findOnPath(String command) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      Path candidate = Paths.get(dir, command);
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    return null;
  }

  private static String loud(String reason) {
    return "\n\n*** SKIPPING NodeClientTest: " + reason + " ***\n";
  }
}
