package dev.tidings.e2e.browser;

import static dev.tidings.e2e.browser.Chrome.js;
import static dev.tidings.e2e.browser.Chrome.waitConnected;
import static dev.tidings.e2e.browser.Chrome.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidings.testing.git.GitCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The real drop-in jar in the real host, driven through headless Chromium: live commits, the
 * bell across tabs, the notification pages, a live review, a server restart, a proxy that blocks
 * WebSockets, network cuts on WebSocket and on SSE with a push made meanwhile, and an XSS commit
 * message. Screenshots land in target/screenshots/.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiveBrowserTest {

  private static Path work;
  private static BrowserHost host;
  private static int port;
  private static String base;
  private static ChromeDriver alice;
  private static GitCli repo;
  private static long pullNumber;

  @BeforeAll
  static void start() throws Exception {
    work = Files.createTempDirectory("tidings-browser");
    host = BrowserHost.start(work.resolve("host"));
    port = host.port();
    base = host.base();
    repo = new GitCli(work.resolve("demo")).withIdentity("Alice Tester", "alice@example.test")
        .withTimeout(Duration.ofSeconds(60)).cloneFrom(host.gitUrl("alice", "alice/demo"));
    alice = Chrome.start(work.resolve("profile-alice"));
    signIn(alice, base, "alice", "tidings-alice");
  }

  @AfterAll
  static void stop() throws Exception {
    if (alice != null) {
      alice.quit();
    }
    if (host != null) {
      host.close();
    }
  }

  // --- scenarios ---------------------------------------------------------------------------

  @Test
  @Order(1)
  void pushedCommitAppearsWithoutReload() throws Exception {
    alice.get(base + "/alice/demo");
    waitConnected(alice);
    js(alice, "window.__sameDocument = 'yes'");
    String sha = commitAndPush("Live commit from the browser test");

    waitFor(alice, d -> !d.findElements(By.cssSelector("[data-host-commits] li[data-sha='" + sha + "']")).isEmpty());
    waitFor(alice, d -> d.findElement(By.cssSelector("tidings-feed")).getText().contains("Live commit from the browser test"));
    assertThat(js(alice, "return window.__sameDocument")).as("the page was not reloaded").isEqualTo("yes");
    Chrome.screenshots(alice, "repo-live-feed");
  }

  @Test
  @Order(2)
  void xssCommitMessageRendersAsText() throws Exception {
    alice.get(base + "/alice/demo");
    waitConnected(alice);
    String evil = "<img src=x onerror=alert(1)>";
    String sha = commitAndPush(evil);
    WebElement row = waitFor(alice, d -> d.findElements(By.cssSelector("[data-host-commits] li[data-sha='" + sha + "']"))
        .stream().findFirst().orElse(null));
    assertThat(row.getText()).contains(evil);
    waitFor(alice, d -> d.findElement(By.cssSelector("tidings-feed")).getText().contains(evil));
    assertThat(alice.findElements(By.cssSelector("tidings-feed img, [data-host-commits] img"))).isEmpty();
    assertNoAlert(alice);
  }

  @Test
  @Order(3)
  void commentRaisesBadgeAndToastAndMarkReadFollowsInOtherTab() throws Exception {
    repo.check("checkout", "-q", "-b", "feature-live");
    repo.commit("Feature work");
    repo.push("origin", "feature-live");
    repo.check("checkout", "-q", "main");
    JsonNode pr = api("alice", "POST", "/api/v1/repos/alice/demo/pulls",
        "{\"title\":\"Live PR for the bell\",\"head\":\"feature-live\",\"base\":\"main\"}");
    long number = pr.get("number").asLong();
    pullNumber = number;

    alice.get(base + "/alice/demo");
    waitConnected(alice);
    String tabA = alice.getWindowHandle();
    alice.switchTo().newWindow(WindowType.TAB);
    String tabB = alice.getWindowHandle();
    alice.get(base + "/alice/demo");
    waitConnected(alice);
    int before = badge(alice);
    alice.switchTo().window(tabA);
    assertThat(badge(alice)).isEqualTo(before);

    api("bob", "POST", "/api/v1/repos/alice/demo/issues/" + number + "/comments",
        "{\"body\":\"Looks good to me, @alice\"}");

    waitFor(alice, d -> badge(d) == before + 1);
    waitFor(alice, d -> d.findElements(By.cssSelector(".tidings-toast")).stream()
        .anyMatch(t -> t.getText().contains("Live PR for the bell")));

    alice.findElement(By.cssSelector("tidings-bell .tidings-bell__button")).click();
    WebElement item = waitFor(alice, d -> d.findElements(By.cssSelector("tidings-bell .tidings-thread.is-unread")).stream()
        .filter(e -> e.getText().contains("Live PR for the bell")).findFirst().orElse(null));
    Chrome.screenshots(alice, "bell-panel");
    item.findElement(By.cssSelector(".tidings-thread__mark")).click();
    waitFor(alice, d -> badge(d) == before);

    alice.switchTo().window(tabB);
    waitFor(alice, d -> badge(d) == before);
    alice.close();
    alice.switchTo().window(tabA);
  }

  @Test
  @Order(4)
  void notificationsPageAndPreferencesForm() throws Exception {
    alice.get(base + "/plugins/tidings/notifications");
    waitConnected(alice);
    waitFor(alice, d -> !d.findElement(By.cssSelector(".tidings-inbox__message")).getText().isBlank());
    alice.findElement(By.cssSelector(".tidings-segmented button[data-value='all']")).click();
    waitFor(alice, d -> d.findElements(By.cssSelector("tidings-notifications .tidings-thread")).stream()
        .anyMatch(e -> e.getText().contains("Live PR for the bell")));
    Chrome.screenshots(alice, "notifications-page");

    alice.get(base + "/plugins/tidings/settings");
    WebElement level = waitFor(alice, d -> d.findElements(By.cssSelector("tidings-preferences select")).stream().findFirst().orElse(null));
    new org.openqa.selenium.support.ui.Select(level).selectByValue("watching");
    Chrome.screenshots(alice, "preferences");
    alice.findElement(By.cssSelector("tidings-preferences button[type=submit]")).click();
    waitFor(alice, d -> d.findElement(By.cssSelector(".tidings-prefs__status")).getText().equals("Saved."));
    JsonNode saved = api("alice", "GET", "/plugins/tidings/api/preferences", null);
    assertThat(saved.get("default_level").asText()).isEqualTo("watching");
    alice.navigate().refresh();
    WebElement again = waitFor(alice, d -> d.findElements(By.cssSelector("tidings-preferences select")).stream().findFirst().orElse(null));
    assertThat(new org.openqa.selenium.support.ui.Select(again).getFirstSelectedOption().getAttribute("value")).isEqualTo("watching");

    // Phone width: the bell panel becomes a full-width sheet.
    org.openqa.selenium.Dimension desktop = alice.manage().window().getSize();
    alice.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
    try {
      alice.get(base + "/alice/demo");
      waitConnected(alice);
      alice.findElement(By.cssSelector("tidings-bell .tidings-bell__button")).click();
      waitFor(alice, d -> d.findElement(By.cssSelector(".tidings-bell__panel")).isDisplayed());
      Chrome.screenshots(alice, "phone-bell-panel");
    } finally {
      alice.manage().window().setSize(desktop);
    }
  }

  @Test
  @Order(5)
  void pullRequestPageShowsNewCommentsAndStateLive() throws Exception {
    alice.get(base + "/alice/demo/pulls/" + pullNumber);
    waitConnected(alice);
    js(alice, "window.__sameDocument = 'yes'");
    api("bob", "POST", "/api/v1/repos/alice/demo/issues/" + pullNumber + "/comments",
        "{\"body\":\"A live comment <b>not bold</b>\"}");
    waitFor(alice, d -> d.findElement(By.cssSelector("[data-host-timeline]")).getText().contains("A live comment <b>not bold</b>"));
    // A review is keyed "review-{id}" like the server-rendered ones, never as a comment's number.
    long reviewId = api("bob", "POST", "/api/v1/repos/alice/demo/pulls/" + pullNumber + "/reviews",
        "{\"body\":\"Reviewed live\",\"event\":\"COMMENT\"}").path("id").asLong();
    waitFor(alice, d -> d.findElement(By.cssSelector("[data-host-timeline]")).getText().contains("Reviewed live"));
    assertThat(alice.findElements(By.cssSelector("[data-host-timeline] [data-comment-id='review-" + reviewId + "']")))
        .hasSize(1);
    api("alice", "PATCH", "/api/v1/repos/alice/demo/pulls/" + pullNumber, "{\"state\":\"closed\"}");
    waitFor(alice, d -> d.findElement(By.cssSelector("[data-host-state]")).getText().equalsIgnoreCase("closed"));
    assertThat(js(alice, "return window.__sameDocument")).isEqualTo("yes");
    assertThat(alice.findElements(By.cssSelector("[data-host-timeline] b"))).isEmpty();
  }

  @Test
  @Order(6)
  void webSocketBlockedFallsBackToSse() throws Exception {
    try (FlakyProxy proxy = new FlakyProxy(port, true)) {
      ChromeDriver anon = Chrome.start(work.resolve("profile-proxy"));
      try {
        anon.get("http://127.0.0.1:" + proxy.port() + "/alice/demo");
        waitFor(anon, d -> "sse".equals(status(d).getAttribute("data-transport")) && "open".equals(status(d).getAttribute("data-state")));
        assertThat(proxy.refusedUpgrades.get()).isGreaterThanOrEqualTo(1);
        String sha = commitAndPush("Pushed while WebSockets are blocked");
        waitFor(anon, d -> !d.findElements(By.cssSelector("[data-host-commits] li[data-sha='" + sha + "']")).isEmpty());

        // The network drops; a push lands while the page is cut off; the new SSE stream must
        // resume from the page's cursor and bring it, without a reload.
        js(anon, "window.__sameDocument = 'yes'");
        proxy.outage(true);
        waitFor(anon, d -> List.of("reconnecting", "offline").contains(status(d).getAttribute("data-state")));
        String missed = commitAndPush("Pushed while the SSE client was cut off");
        proxy.outage(false);
        waitFor(anon, d -> "open".equals(status(d).getAttribute("data-state")));
        waitFor(anon, d -> !d.findElements(By.cssSelector("[data-host-commits] li[data-sha='" + missed + "']")).isEmpty());
        assertThat(status(anon).getAttribute("data-transport")).isEqualTo("sse");
        assertThat(js(anon, "return window.__sameDocument")).as("the page was not reloaded").isEqualTo("yes");
      } finally {
        anon.quit();
      }
    }
  }

  @Test
  @Order(7)
  void webSocketCutOffResumesWithThePushItMissed() throws Exception {
    try (FlakyProxy proxy = new FlakyProxy(port, false)) {
      ChromeDriver anon = Chrome.start(work.resolve("profile-cut"));
      try {
        anon.get("http://127.0.0.1:" + proxy.port() + "/alice/demo");
        waitFor(anon, d -> "websocket".equals(status(d).getAttribute("data-transport"))
            && "open".equals(status(d).getAttribute("data-state")));
        js(anon, "window.__sameDocument = 'yes'");
        proxy.outage(true);
        waitFor(anon, d -> List.of("reconnecting", "offline").contains(status(d).getAttribute("data-state")));
        String missed = commitAndPush("Pushed while the WebSocket was cut off");
        proxy.outage(false);
        waitFor(anon, d -> "open".equals(status(d).getAttribute("data-state")));
        waitFor(anon, d -> !d.findElements(By.cssSelector("[data-host-commits] li[data-sha='" + missed + "']")).isEmpty());
        assertThat(status(anon).getAttribute("data-transport")).isEqualTo("websocket");
        assertThat(js(anon, "return window.__sameDocument")).as("the page was not reloaded").isEqualTo("yes");
      } finally {
        anon.quit();
      }
    }
  }

  @Test
  @Order(8)
  void serverRestartReconnectsAndShowsPushFromTheOutage() throws Exception {
    alice.get(base + "/alice/demo");
    waitConnected(alice);
    host.stop();
    waitFor(alice, d -> List.of("reconnecting", "offline").contains(status(d).getAttribute("data-state")));
    host.restart();
    String sha = commitAndPush("Pushed right after the restart");
    waitConnected(alice);
    waitFor(alice, d -> !d.findElements(By.cssSelector("[data-host-commits] li[data-sha='" + sha + "']")).isEmpty());
  }

  // --- helpers -------------------------------------------------------------------------------

  private static String commitAndPush(String message) throws Exception {
    String sha = repo.commit(message);
    repo.push("origin", "HEAD:main");
    return sha;
  }

  static void signIn(ChromeDriver driver, String base, String user, String password) {
    driver.get(base + "/user/login");
    driver.findElement(By.name("user_name")).sendKeys(user);
    driver.findElement(By.name("password")).sendKeys(password);
    driver.findElement(By.cssSelector("form button[type=submit], form input[type=submit]")).click();
    waitFor(driver, d -> user.equals(js(d, "return document.body.dataset.hostUser || ''")));
  }

  private static WebElement status(WebDriver d) {
    return d.findElement(By.cssSelector("tidings-status"));
  }

  private static int badge(WebDriver d) {
    String v = d.findElement(By.cssSelector("tidings-bell")).getAttribute("data-count");
    return v == null || v.isEmpty() ? -1 : Integer.parseInt(v);
  }

  private static void assertNoAlert(WebDriver d) {
    try {
      d.switchTo().alert();
      throw new AssertionError("an alert opened: the commit message ran as HTML");
    } catch (NoAlertPresentException expected) {
      // Good: the message stayed text.
    }
  }

  private static JsonNode api(String user, String method, String path, String body) {
    return host.api(user, method, path, body);
  }
}
