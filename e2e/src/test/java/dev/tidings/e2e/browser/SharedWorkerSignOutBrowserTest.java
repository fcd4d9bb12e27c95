package dev.tidings.e2e.browser;

import static dev.tidings.e2e.browser.Chrome.js;
import static dev.tidings.e2e.browser.Chrome.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Finding M1 in a real browser: alice signs out in one tab while another tab of hers keeps her
 * shared worker alive, bob signs in in the first tab, and neither bob's page nor a script on it
 * that joins any Tidings worker by name ever receives alice's notifications. Alice's old tab shows
 * that it was signed out (close 4501) instead of reconnecting.
 */
class SharedWorkerSignOutBrowserTest {

  @Test
  void bobNeverGetsAlicesNotificationsAfterSheSignsOutOnASharedBrowser(@TempDir Path work) throws Exception {
    BrowserHost host = BrowserHost.start(work.resolve("host"));
    ChromeDriver browser = null;
    try {
      String base = host.base();
      long issue = host.api("alice", "POST", "/api/v1/repos/alice/demo/issues", "{\"title\":\"Shared browser\"}")
          .path("number").asLong();
      browser = Chrome.start(work.resolve("profile"));
      Chrome.recordCspViolations(browser);
      LiveBrowserTest.signIn(browser, base, "alice", "tidings-alice");
      browser.get(base + "/alice/demo");
      waitFor(browser, d -> "open".equals(state(d)));
      String tabA = browser.getWindowHandle();
      browser.switchTo().newWindow(WindowType.TAB);
      String tabB = browser.getWindowHandle();
      Chrome.recordCspViolations(browser);
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
      comment(host, "bob", issue, "Ping for @alice (must stay hers)");
      comment(host, "alice", issue, "Ping for @bob");
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
      host.close();
    }
  }

  private static String state(WebDriver d) {
    return d.findElement(By.cssSelector("tidings-status")).getAttribute("data-state");
  }

  private static void comment(BrowserHost host, String user, long issue, String text) {
    host.api(user, "POST", "/api/v1/repos/alice/demo/issues/" + issue + "/comments", "{\"body\":\"" + text + "\"}");
  }
}
