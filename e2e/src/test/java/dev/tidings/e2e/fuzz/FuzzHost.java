package dev.tidings.e2e.fuzz;

import static dev.tidings.testing.support.Requirements.require;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.samplehost.server.HostServer;
import dev.tidings.e2e.Artifacts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;

/**
 * The sample host in this JVM (so its heap can be measured) with the built drop-in jar copied into its
 * plugins folder, as {@code dev.tidings.e2e.E2eHost} does; plus a token for alice made through the REST API.
 */
final class FuzzHost implements AutoCloseable {
  static final Path PLUGIN_JAR = Artifacts.PLUGIN_JAR;
  static final ObjectMapper JSON = new ObjectMapper();

  private final HostServer server;
  private final String aliceToken;
  private final String bobToken;

  private FuzzHost(HostServer server, String aliceToken, String bobToken) {
    this.server = server;
    this.aliceToken = aliceToken;
    this.bobToken = bobToken;
  }

  /**
   * Starts the host under {@code root}. {@code settings} are lines for the plugin's tidings.properties:
   * the fuzzer raises the per-connection command rate so that its inputs reach the parser instead of
   * the rate limiter (the limiter still answers with its documented code when it trips).
   */
  static FuzzHost start(Path root, String settings) throws Exception {
    require(Files.isRegularFile(PLUGIN_JAR), "\n\n*** SKIPPING the Tidings fuzz test: the drop-in jar "
        + PLUGIN_JAR.toAbsolutePath().normalize() + " is missing (build the reactor with -pl e2e -am) ***\n");
    Path data = root.resolve("data");
    Path plugins = Files.createDirectories(root.resolve("plugins"));
    Files.copy(PLUGIN_JAR, plugins.resolve("tidings-plugin.jar"), StandardCopyOption.REPLACE_EXISTING);
    Path tidingsData = Files.createDirectories(data.resolve("plugins-data").resolve("tidings"));
    Files.writeString(tidingsData.resolve("tidings.properties"), settings);
    HostServer s = HostServer.builder().bind("127.0.0.1").port(0).dataDir(data).pluginsDir(plugins).demo(true).build();
    try {
      s.start();
      return new FuzzHost(s, createToken(s.baseUrl(), "alice"), createToken(s.baseUrl(), "bob"));
    } catch (Exception | Error e) {
      s.close();
      throw e;
    }
  }

  /** A token for {@code user}, made by alice (site admin) through the host's REST API. */
  private static String createToken(String base, String user) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    String basic = "Basic " + Base64.getEncoder().encodeToString("alice:tidings-alice".getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "api/v1/users/" + user + "/tokens"))
        .timeout(Duration.ofSeconds(30)).header("Authorization", basic).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"fuzz\",\"scopes\":[\"all\"]}")).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      throw new IllegalStateException("token for " + user + ": HTTP " + r.statusCode() + " " + r.body());
    }
    JsonNode n = JSON.readTree(r.body());
    return n.path("sha1").asText();
  }

  int port() {
    return server.port();
  }

  String baseUrl() {
    return server.baseUrl();
  }

  /** {@code token <sha1>} for alice (write access to alice/demo). */
  String aliceAuth() {
    return "token " + aliceToken;
  }

  String aliceToken() {
    return aliceToken;
  }

  /** bob's token: he can read alice/demo but not write it (publish answers 403). */
  String bobToken() {
    return bobToken;
  }

  @Override
  public void close() {
    server.close();
  }
}
