package dev.tidings.e2e.browser;

import static dev.tidings.e2e.browser.Chrome.js;
import static dev.tidings.e2e.browser.Chrome.waitConnected;
import static dev.tidings.e2e.browser.Chrome.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tidings.testing.support.Await;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The first-party client in headless Chromium speaks protocol version tidings.v1: through the
 * shared worker and through a tab's own connection (sharing turned off), the server counts a
 * WebSocket that negotiated {@code tidings.v1} and none without a version, the page holds the
 * server's welcome for its user, and events still arrive.
 */
class ProtocolVersionBrowserTest {

  private static final String V1 = "tidings_ws_protocol_total{protocol=\"tidings.v1\"}";
  private static final String NONE = "tidings_ws_protocol_total{protocol=\"none\"}";
  // Chromium offers permessage-deflate: the events below then reach the page as the server's one
  // shared compressed copy, inflated by the browser.
  private static final String DEFLATE = "tidings_ws_deflate_total";

  @Test
  void thePageOffersTidingsV1InTheSharedWorkerAndInItsOwnConnection(@TempDir Path work) throws Exception {
    BrowserHost host = BrowserHost.start(work.resolve("host"));
    ChromeDriver browser = null;
    try {
      String base = host.base();
      browser = Chrome.start(work.resolve("profile"));
      LiveBrowserTest.signIn(browser, base, "alice", "tidings-alice");
      double none = host.metric(NONE);
      double v1 = host.metric(V1);
      double deflate = host.metric(DEFLATE);

      // The repository page (no presence socket there): one connection, held by the shared worker.
      browser.get(base + "/alice/demo");
      waitConnected(browser);
      assertThat(welcome(browser, "m.getClient().welcome")).isEqualTo(Map.of("protocol", "tidings.v1", "user", "alice"));
      Await.isTrue("the worker's WebSocket counted as tidings.v1", () -> host.metric(V1) >= v1 + 1);
      assertThat(host.metric(DEFLATE)).as("the browser negotiated permessage-deflate").isGreaterThanOrEqualTo(deflate + 1);
      eventArrives(host, browser, "Opened while on the shared worker");

      // The same page with sharing off: the tab's own connection offers the version too.
      js(browser, "localStorage.setItem('tidings.shared', 'off')");
      double beforeTab = host.metric(V1);
      browser.get(base + "/alice/demo");
      waitConnected(browser);
      assertThat(js(browser, "return window.__tidings instanceof Object")).as("the tab has its own connection").isEqualTo(true);
      assertThat(welcome(browser, "window.__tidings.welcome")).isEqualTo(Map.of("protocol", "tidings.v1", "user", "alice"));
      Await.isTrue("the tab's WebSocket counted as tidings.v1", () -> host.metric(V1) >= beforeTab + 1);
      eventArrives(host, browser, "Opened while on the tab's own connection");

      assertThat(host.metric(NONE)).as("no connection of the page went without a version").isEqualTo(none);
    } finally {
      if (browser != null) {
        browser.quit();
      }
      host.close();
    }
  }

  /** The welcome the page's client holds, read through {@code expression} (with {@code m}, client.js, in scope). */
  private static Object welcome(ChromeDriver browser, String expression) {
    return waitFor(browser, d -> ((JavascriptExecutor) d).executeAsyncScript("const done = arguments[arguments.length - 1];"
        + "import('/plugins/tidings/ui/client.js').then((m) => done(" + expression + " || null));"));
  }

  /** An issue opened over the API reaches the page's client as an event on repo:alice/demo. */
  private static void eventArrives(BrowserHost host, ChromeDriver browser, String title) {
    browser.executeAsyncScript("const done = arguments[arguments.length - 1]; window.__events = [];"
        + "import('/plugins/tidings/ui/client.js').then((m) => {"
        + "  m.getClient().on('event', (e) => window.__events.push(JSON.stringify(e))); done(); });");
    host.api("alice", "POST", "/api/v1/repos/alice/demo/issues", "{\"title\":\"" + title + "\"}");
    waitFor(browser, d -> ((List<?>) js(d, "return window.__events")).stream()
        .anyMatch(e -> e.toString().contains("\"channel\":\"repo:alice/demo\"") && e.toString().contains(title)));
  }
}
