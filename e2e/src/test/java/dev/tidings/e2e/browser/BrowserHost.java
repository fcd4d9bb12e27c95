package dev.tidings.e2e.browser;

import static dev.tidings.testing.support.Requirements.require;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidings.e2e.E2eHost;
import dev.tidings.e2e.Rest;
import dev.tidings.testing.support.BasicAuth;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;

/**
 * The browser tests' host: the demo host with the drop-in jar installed from a plugins folder
 * ({@link E2eHost}), skipped loudly without Chromium, git or the jar; REST calls as the demo users.
 */
final class BrowserHost implements AutoCloseable {
  private final E2eHost host;

  private BrowserHost(E2eHost host) {
    this.host = host;
  }

  /** Starts the demo host with its data and plugins folders under {@code root}. */
  static BrowserHost start(Path root) throws Exception {
    require(Chrome.available(), Chrome.missingMessage());
    return new BrowserHost(E2eHost.start(root));
  }

  /** The tidings.properties of a host started under {@code root} (write it before {@link #start}). */
  static Path settingsFile(Path root) throws IOException {
    return Files.createDirectories(root.resolve("data").resolve("plugins-data").resolve("tidings"))
        .resolve("tidings.properties");
  }

  /** {@code http://127.0.0.1:PORT}, without a trailing slash (paths start with one). */
  String base() {
    String url = host.baseUrl();
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  int port() {
    return host.server().port();
  }

  /** The clone URL of {@code owner/name} with the demo user's password in it. */
  String gitUrl(String user, String repo) {
    return host.gitUrl(user, password(user), repo);
  }

  /**
   * {@code method path} on the host as the demo user {@code user} (Basic auth), with an optional
   * JSON body; fails the test unless the answer is 2xx, and returns its JSON (a JSON null if empty).
   */
  JsonNode api(String user, String method, String path, String body) {
    return new Rest(host, user, password(user)).ok(method, path, body);
  }

  /**
   * The value of one series of {@code /plugins/tidings/metrics} as the site admin alice reads it,
   * written as in the scrape, e.g. {@code tidings_ws_protocol_total{protocol="none"}}.
   */
  double metric(String series) {
    HttpResponse<String> r;
    try {
      r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base() + "/plugins/tidings/metrics"))
          .header("Authorization", BasicAuth.basic("alice", password("alice"))).timeout(Duration.ofSeconds(20)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException | InterruptedException e) {
      throw new AssertionError("metrics: " + e, e);
    }
    if (r.statusCode() != 200) {
      throw new AssertionError("metrics: " + r.statusCode() + " " + r.body());
    }
    for (String line : r.body().split("\n")) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1).trim());
      }
    }
    throw new AssertionError(series + " is not in the scrape:\n" + r.body());
  }

  /** Stops the host; {@link #restart()} starts it again. */
  void stop() {
    host.stop();
  }

  /** Starts the host again on the same port, data and plugins, so open pages reconnect. */
  void restart() throws Exception {
    host.restartOnSamePort();
  }

  /** Saves a PNG of one element as target/screenshots/{name}.png (the pictures in docs/images/). */
  static void shot(WebElement element, String name) throws IOException {
    Files.createDirectories(Chrome.SCREENSHOTS);
    Files.write(Chrome.SCREENSHOTS.resolve(name + ".png"), element.getScreenshotAs(OutputType.BYTES));
  }

  /** The demo users' passwords follow one pattern: alice / tidings-alice. */
  private static String password(String user) {
    return "tidings-" + user;
  }

  @Override
  public void close() {
    host.close();
  }
}
