package dev.tidings.e2e.browser;

import static dev.tidings.testing.support.Requirements.require;
import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Finding M1 in a real browser: alice signs out in one tab while another tab of hers keeps her
 * shared worker alive, bob signs in in the first tab, and neither bob's page nor a script on it
 * that joins any Tidings worker by name ever receives alice's notifications. Alice's old tab shows
 * that it was signed out (close 4501) instead of reconnecting.
 */
class SharedWorkerSignOutBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void bobNeverGetsAlicesNotificationsAfterSheSignsOutOnASharedBrowser(@TempDir Path work) throws Exception {
    require(Chrome.available(), Chrome.missingMessage());
    Path jar = Artifacts.PLUGIN_JAR;
    assertThat(jar).exists();
    Path plugins = Files.createDirectories(work.resolve("plugins"));
    Files.copy(jar, plugins.resolve("tidings-plugin.jar"), StandardCopyOption.REPLACE_EXISTING);
    HostServer host = HostServer.builder().bind("127.0.0.1").port(0).dataDir(work.resolve("data"))
        .pluginsDir(plugins).demo(true).build();
    host.start();
    ChromeDriver browser = null;
    try {
      String base = "http://127.0.0.1:" + host.port();
      long issue = createIssue(base);
      browser = Chrome.start(work.resolve("profile"));
      recordCspViolations(browser);
      LiveBrowserTest.signIn(browser, base, "alice", "tidings-alice");
      browser.get(base + "/alice/demo");
      waitFor(browser, d -> "open".equals(state(d)));
      String tabA = browser.getWindowHandle();
      browser.switchTo().newWindow(WindowType.TAB);
      String tabB = browser.getWindowHandle();
      recordCspViolations(browser);
      browser.get(base + "/alice/demo"); // alice's second tab keeps her shared worker alive
      waitFor(browser, d -> "open".equals(state(d)));

      browser.switchTo().window(tabA);
      browser.findElement(By.cssSelector("form[action='/user/logout'] button")).click();
      waitFor(browser, d -> "".equals(js(d, "return document.body.dataset.hostUser || ''")));
      LiveBrowserTest.signIn(browser, base, "bob", "tidings-bob");
      browser.get(base + "/alice/demo");
      waitFor(browser, d -> "open".equals(state(d)));
      // A script on bob's page joins every worker a Tidings page of this origin may have started
      // (the old per-origin name and alice's) and asks each for alice's notifications.
      js(browser, """
          window.__leak = [];
          for (const name of ['tidings', 'tidings:alice']) {
            const w = new SharedWorker('/plugins/tidings/ui/worker.js', { type: 'module', name });
            w.port.onmessage = (e) => window.__leak.push(JSON.stringify(e.data));
            w.port.start();
            w.port.postMessage({ kind: 'subscribe', channel: 'user:alice' });
            w.port.postMessage({ kind: 'wake', reason: 'attack' });
          }
          window.__mine = [];
          """);
      js(browser, "import('/plugins/tidings/ui/client.js').then(m => m.getClient().on('event', e => window.__mine.push(JSON.stringify(e))))");

      // Alice is mentioned first, then bob: once bob's notification is on his page, alice's was
      // delivered too. (Waits for a leak as well, so that a leak fails below with what leaked.)
      comment(base, "bob", "tidings-bob", issue, "Ping for @alice (must stay hers)");
      comment(base, "alice", "tidings-alice", issue, "Ping for @bob");
      waitFor(browser, d -> ((List<?>) js(d, "return window.__mine")).stream().anyMatch(e -> e.toString().contains("user:bob"))
          || ((List<?>) js(d, "return window.__leak.concat(window.__mine)")).stream()
              .anyMatch(e -> e.toString().contains("user:alice") && e.toString().contains("notification")));

      List<?> leaked = (List<?>) js(browser, "return window.__leak");
      List<?> mine = (List<?>) js(browser, "return window.__mine");
      List<String> aliceEvents = java.util.stream.Stream.concat(leaked.stream(), mine.stream()).map(Object::toString)
          .filter(m -> m.contains("\"type\":\"event\"") && m.contains("user:alice"))
          .map(m -> m.substring(0, Math.min(160, m.length())) + "...").toList();
      assertThat(aliceEvents).as("alice's events that reached bob's page or a script on it").isEmpty();
      assertThat((List<?>) js(browser, "return window.__csp")).as("CSP violations on bob's page").isEmpty();

      browser.switchTo().window(tabB);
      waitFor(browser, d -> "4501".equals(d.findElement(By.cssSelector("tidings-status")).getAttribute("data-close-code")));
      assertThat(state(browser)).as("alice's old tab stays down").isEqualTo("offline");
      assertThat((List<?>) js(browser, "return window.__csp")).as("CSP violations on alice's page").isEmpty();
      Chrome.screenshots(browser, "signed-out-tab");
    } finally {
      if (browser != null) {
        browser.quit();
      }
      host.stop();
    }
  }

  /** Every page of the current tab records what its Content-Security-Policy blocked: the pages must need nothing inline. */
  private static void recordCspViolations(ChromeDriver browser) {
    browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", java.util.Map.of("source",
        "window.__csp = []; document.addEventListener('securitypolicyviolation',"
            + " (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"));
  }

  private static String state(WebDriver d) {
    return d.findElement(By.cssSelector("tidings-status")).getAttribute("data-state");
  }

  private static Object js(WebDriver d, String script) {
    return ((JavascriptExecutor) d).executeScript(script);
  }

  private static <T> T waitFor(WebDriver d, java.util.function.Function<WebDriver, T> condition) {
    return new WebDriverWait(d, WAIT).ignoring(org.openqa.selenium.NoSuchElementException.class)
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(condition::apply);
  }

  private static long createIssue(String base) throws Exception {
    String body = post(base, "alice", "tidings-alice", "/api/v1/repos/alice/demo/issues", "{\"title\":\"Shared browser\"}");
    return new com.fasterxml.jackson.databind.ObjectMapper().readTree(body).path("number").asLong();
  }

  private static void comment(String base, String user, String password, long issue, String text) throws Exception {
    post(base, user, password, "/api/v1/repos/alice/demo/issues/" + issue + "/comments", "{\"body\":\"" + text + "\"}");
  }

  private static String post(String base, String user, String password, String path, String json) throws Exception {
    HttpRequest r = HttpRequest.newBuilder(URI.create(base + path))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
            .getBytes(StandardCharsets.UTF_8)))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
    HttpResponse<String> a = HttpClient.newHttpClient().send(r, HttpResponse.BodyHandlers.ofString());
    assertThat(a.statusCode()).as("%s: %s", path, a.body()).isBetween(200, 299);
    return a.body();
  }
}
