package dev.tidings.e2e.browser;

import static dev.tidings.testing.support.Requirements.require;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.samplehost.server.HostServer;
import dev.tidings.e2e.Artifacts;
import dev.tidings.testing.git.GitCli;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Subscribe / Unsubscribe / Mute control on the host's issue and pull request pages, with the
 * real drop-in jar in the real host and headless Chromium: bob subscribes to alice's issue with a
 * click, the page is not reloaded, the state survives a reload and the REST API agrees; he mutes
 * and unmutes; on a pull request page he subscribes with the keyboard. Screenshot:
 * target/screenshots/issue-subscription-{light,dark}.png (docs/images/issue-subscription.png).
 */
class IssueSubscriptionBrowserTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String CONTROL = "tidings-issue-subscription";

  @Test
  void subscribeMuteAndUnmuteFromTheIssueAndPullRequestPages(@TempDir Path work) throws Exception {
    require(Chrome.available(), Chrome.missingMessage());
    require(GitCli.available(), "no `git` on the PATH");
    Path jar = Artifacts.PLUGIN_JAR;
    assertThat(jar).as("the drop-in jar; build it with: mvn -B -o -pl e2e -am verify").exists();
    Path plugins = Files.createDirectories(work.resolve("plugins"));
    Files.copy(jar, plugins.resolve("tidings-plugin.jar"), StandardCopyOption.REPLACE_EXISTING);
    HostServer host = HostServer.builder().bind("127.0.0.1").port(0).dataDir(work.resolve("data"))
        .pluginsDir(plugins).demo(true).build();
    host.start();
    ChromeDriver bob = null;
    try {
      String base = "http://127.0.0.1:" + host.port();
      long issue = api(base, "POST", "/api/v1/repos/alice/demo/issues", "alice", "tidings-alice",
          "{\"title\":\"Dark mode flickers on load\",\"body\":\"Seen in Firefox and Chromium.\"}").get("number").asLong();
      String check = "/api/v1/repos/alice/demo/issues/" + issue + "/subscriptions/check";

      bob = Chrome.start(work.resolve("profile-bob"));
      // The host's pages forbid inline code (CSP): the control must not need any.
      bob.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", java.util.Map.of("source",
          "window.__csp = []; document.addEventListener('securitypolicyviolation',"
              + " (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"));
      LiveBrowserTest.signIn(bob, base, "bob", "tidings-bob");
      bob.get(base + "/alice/demo/issues/" + issue);
      js(bob, "window.__sameDocument = 'yes'");
      WebElement control = waitFor(bob, d -> d.findElement(By.cssSelector(CONTROL + " button[data-action='subscribed']")))
          .findElement(By.xpath("ancestor::" + CONTROL));
      assertThat(control.getAttribute("role")).isEqualTo("group");
      assertThat(control.getAttribute("title")).as("no tooltip over the whole control").isNullOrEmpty();
      WebElement heading = control.findElement(By.cssSelector("h2"));
      assertThat(heading.getText()).isEqualTo("Notifications");
      assertThat(control.getAttribute("aria-labelledby")).isEqualTo(heading.getAttribute("id"));
      assertThat(status(bob)).contains("not receiving notifications for this issue");

      button(bob, "subscribed").click();
      waitFor(bob, d -> "subscribed".equals(state(d)));
      assertThat(buttonLabels(bob)).containsExactly("Unsubscribe", "Mute");
      assertThat(status(bob)).contains("subscribed");
      assertThat(js(bob, "return window.__sameDocument")).as("the page was not reloaded").isEqualTo("yes");
      assertThat(js(bob, "return document.activeElement && document.activeElement.closest('" + CONTROL + "') !== null"))
          .as("keyboard focus stays in the control").isEqualTo(true);
      JsonNode info = api(base, "GET", check, "bob", "tidings-bob", null);
      assertThat(info.get("subscribed").asBoolean()).isTrue();
      assertThat(info.get("reason").asText()).isEqualTo("manual");
      js(bob, "document.querySelector('" + CONTROL + "').scrollIntoView({block: 'center'})");
      Chrome.screenshots(bob, "issue-subscription");

      bob.navigate().refresh();
      waitFor(bob, d -> "subscribed".equals(state(d)));
      assertThat(buttonLabels(bob)).containsExactly("Unsubscribe", "Mute");

      button(bob, "muted").click();
      waitFor(bob, d -> "muted".equals(state(d)));
      assertThat(buttonLabels(bob)).containsExactly("Unmute");
      assertThat(status(bob)).contains("muted");
      assertThat(api(base, "GET", check, "bob", "tidings-bob", null).get("ignored").asBoolean()).isTrue();
      button(bob, "default").click();
      waitFor(bob, d -> "default".equals(state(d)));
      assertThat(buttonLabels(bob)).containsExactly("Subscribe", "Mute");
      assertThat(api(base, "GET", check, "bob", "tidings-bob", null).get("subscribed").asBoolean()).isFalse();

      // A pull request page carries the same control; Enter on the focused button subscribes.
      GitCli repo = new GitCli(work.resolve("demo")).withIdentity("Alice Tester", "alice@example.test")
          .withHome(Files.createDirectories(work.resolve("git-home"))).withTimeout(Duration.ofSeconds(60))
          .cloneFrom("http://alice:tidings-alice@127.0.0.1:" + host.port() + "/alice/demo.git");
      repo.check("checkout", "-q", "-b", "feature-subscribe");
      repo.commit("Feature for the subscription test");
      repo.push("origin", "feature-subscribe");
      long pull = api(base, "POST", "/api/v1/repos/alice/demo/pulls", "alice", "tidings-alice",
          "{\"title\":\"Fix the flicker\",\"head\":\"feature-subscribe\",\"base\":\"main\"}").get("number").asLong();
      bob.get(base + "/alice/demo/pulls/" + pull);
      waitFor(bob, d -> d.findElement(By.cssSelector(CONTROL + " button[data-action='subscribed']")));
      assertThat(status(bob)).contains("pull request");
      button(bob, "subscribed").sendKeys(Keys.ENTER);
      waitFor(bob, d -> "subscribed".equals(state(d)));
      assertThat(api(base, "GET", "/api/v1/repos/alice/demo/issues/" + pull + "/subscriptions/check", "bob",
          "tidings-bob", null).get("reason").asText()).isEqualTo("manual");
      assertThat(js(bob, "return window.__csp.join('; ')")).as("CSP violations").isEqualTo("");
    } finally {
      if (bob != null) {
        bob.quit();
      }
      host.stop();
    }
  }

  private static String state(WebDriver d) {
    return d.findElement(By.cssSelector(CONTROL)).getAttribute("data-state");
  }

  private static String status(WebDriver d) {
    return d.findElement(By.cssSelector(CONTROL + " [role=status]")).getText();
  }

  private static WebElement button(WebDriver d, String action) {
    return d.findElement(By.cssSelector(CONTROL + " button[data-action='" + action + "']"));
  }

  private static List<String> buttonLabels(WebDriver d) {
    return d.findElements(By.cssSelector(CONTROL + " button")).stream().map(WebElement::getText).toList();
  }

  private static Object js(WebDriver d, String script) {
    return ((JavascriptExecutor) d).executeScript(script);
  }

  private static <T> T waitFor(WebDriver d, Function<WebDriver, T> condition) {
    return new WebDriverWait(d, WAIT).ignoring(org.openqa.selenium.NoSuchElementException.class)
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(condition::apply);
  }

  private static JsonNode api(String base, String method, String path, String user, String password, String body)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .header("Authorization", "Basic " + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
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
