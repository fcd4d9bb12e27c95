package dev.tidings.e2e.browser;

import static dev.tidings.testing.support.Requirements.require;
import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Presence and typing through the real drop-in jar in two headless Chromium browsers with their
 * own profiles, signed in as alice and as bob: each sees the other's avatar beside the issue title,
 * alice sees "bob is typing…" while bob types in the comment box (and it clears by itself), and
 * bob's avatar goes when he leaves the page. Screenshots (docs/images/presence-*.png) land in
 * target/screenshots/.
 */
class PresenceBrowserTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static Path work;
  private static HostServer host;
  private static String base;
  private static ChromeDriver alice;
  private static ChromeDriver bob;

  @BeforeAll
  static void start() throws Exception {
    require(Chrome.available(), Chrome.missingMessage());
    Path jar = Artifacts.PLUGIN_JAR;
    assertThat(jar).as("the drop-in jar; build it with: mvn -B package -DskipTests").exists();
    work = Files.createTempDirectory("tidings-presence-browser");
    Path plugins = Files.createDirectories(work.resolve("plugins"));
    Files.copy(jar, plugins.resolve("tidings-plugin.jar"), StandardCopyOption.REPLACE_EXISTING);
    host = HostServer.builder().bind("127.0.0.1").port(0).dataDir(work.resolve("data")).pluginsDir(plugins)
        .demo(true).build();
    host.start();
    base = "http://127.0.0.1:" + host.port();
    alice = Chrome.start(work.resolve("profile-alice"));
    bob = Chrome.start(work.resolve("profile-bob"));
    LiveBrowserTest.signIn(alice, base, "alice", "tidings-alice");
    LiveBrowserTest.signIn(bob, base, "bob", "tidings-bob");
  }

  @AfterAll
  static void stop() throws Exception {
    for (ChromeDriver d : new ChromeDriver[] {alice, bob}) {
      if (d != null) {
        d.quit();
      }
    }
    if (host != null) {
      host.stop();
    }
  }

  @Test
  void aliceSeesBobViewingTypingAndLeaving() throws Exception {
    long number = api("POST", "/api/v1/repos/alice/demo/issues",
        "{\"title\":\"Presence on the issue page\",\"body\":\"Who is here?\"}").get("number").asLong();
    String page = base + "/alice/demo/issues/" + number;
    alice.get(page);
    waitFor(alice, d -> viewers(d).contains("alice"));
    bob.get(page);
    waitFor(alice, d -> viewers(d).equals(List.of("alice", "bob")));
    waitFor(bob, d -> viewers(d).equals(List.of("bob", "alice")));
    WebElement avatar = alice.findElement(By.cssSelector("[data-tidings-presence] li[data-login='bob']"));
    assertThat(avatar.getAttribute("title")).isEqualTo("bob");
    assertThat(avatar.getText()).contains("BO");

    WebElement typing = alice.findElement(By.cssSelector("[data-tidings-typing]"));
    assertThat(typing.getAttribute("aria-live")).isEqualTo("polite");
    bob.findElement(By.cssSelector("#comment-body")).sendKeys("Looks good to me");
    waitFor(alice, d -> d.findElement(By.cssSelector("[data-tidings-typing]")).getText().equals("bob is typing…"));
    shot(alice.findElement(By.cssSelector("main")), "presence-issue");
    Chrome.screenshots(alice, "presence-issue-page");
    // Nobody types any more: the notice clears by itself (5 s after the last typing message).
    waitFor(alice, d -> d.findElement(By.cssSelector("[data-tidings-typing]")).getText().isEmpty());
    assertThat(bob.findElement(By.cssSelector("[data-tidings-typing]")).getText()).as("bob never sees himself typing").isEmpty();

    // bob leaves the page: his avatar goes from alice's header (after the server's leave grace).
    bob.get(base + "/alice/demo");
    waitFor(alice, d -> viewers(d).equals(List.of("alice")));
  }

  private static List<String> viewers(WebDriver d) {
    return d.findElements(By.cssSelector("[data-tidings-presence] li[data-login]")).stream()
        .map(e -> e.getAttribute("data-login")).toList();
  }

  private static void shot(WebElement element, String name) throws Exception {
    Files.createDirectories(Chrome.SCREENSHOTS);
    Files.write(Chrome.SCREENSHOTS.resolve(name + ".png"), element.getScreenshotAs(OutputType.BYTES));
  }

  private static <T> T waitFor(WebDriver d, Function<WebDriver, T> condition) {
    return new WebDriverWait(d, WAIT).ignoring(org.openqa.selenium.NoSuchElementException.class)
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(x -> {
          T v = condition.apply(x);
          return v instanceof Boolean b && !b ? null : v;
        });
  }

  private static JsonNode api(String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
            "alice:tidings-alice".getBytes(StandardCharsets.UTF_8)))
        .header("Accept", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("%s %s: %s", method, path, r.body()).isBetween(200, 299);
    return r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body());
  }
}
