package dev.tidings.e2e.browser;

import static dev.tidings.e2e.browser.Chrome.js;
import static dev.tidings.e2e.browser.Chrome.waitConnected;
import static dev.tidings.e2e.browser.Chrome.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidings.testing.git.GitCli;
import dev.tidings.testing.support.Await;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The home page dashboard's resume after a real network cut, in headless Chromium through the
 * shared worker (the default). alice reaches the host through {@link FlakyProxy}, which closes her
 * sockets and refuses new ones during an outage; bob works on two repositories alice watches
 * (REST on alice/demo, {@code git push} to alice/second) meanwhile. The log keeps only
 * {@value #RETENTION} events per channel, so a longer gap cannot be replayed and the page has to
 * say so. A marker on {@code window} proves the page was never reloaded.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardResumeBrowserTest {

  private static final int RETENTION = 6;
  private static final String ITEMS = "tidings-dashboard li.tidings-feed__item";

  private static Path work;
  private static BrowserHost host;
  private static FlakyProxy proxy;
  private static String base;
  private static ChromeDriver alice;
  private static GitCli bobSecond;
  private static long issue;

  @BeforeAll
  static void start() throws Exception {
    work = Files.createTempDirectory("tidings-dashboard-resume");
    Path root = work.resolve("host");
    Files.writeString(BrowserHost.settingsFile(root), "log.retention.maxEventsPerChannel=" + RETENTION + "\n");
    host = BrowserHost.start(root);
    proxy = new FlakyProxy(host.port(), false);
    base = "http://127.0.0.1:" + proxy.port();
    host.api("alice", "POST", "/api/v1/user/repos", "{\"name\":\"second\",\"auto_init\":true,\"default_branch\":\"main\"}");
    host.api("alice", "PUT", "/api/v1/repos/alice/demo/subscription", null);
    for (String repo : List.of("alice/demo", "alice/second")) {
      host.api("alice", "PUT", "/api/v1/repos/" + repo + "/collaborators/bob", "{\"permission\":\"write\"}");
    }
    // The owner's watch of a new repository is written by the plugin's notification router, after
    // the repository event: not yet there when the creating request returns.
    Await.isTrue("alice watches both repositories", Duration.ofSeconds(20), () -> host.api("alice", "GET",
        "/api/v1/user/subscriptions", null).findValuesAsText("full_name").containsAll(List.of("alice/demo", "alice/second")));
    bobSecond = new GitCli(work.resolve("bob-second")).withIdentity("Bob Builder", "bob@example.test")
        .withTimeout(Duration.ofSeconds(60))
        .cloneFrom(host.gitUrl("bob", "alice/second"), Duration.ofSeconds(20));
    alice = Chrome.start(work.resolve("profile-alice"));
    LiveBrowserTest.signIn(alice, base, "alice", "tidings-alice");
  }

  @AfterAll
  static void stop() throws Exception {
    if (alice != null) {
      alice.quit();
    }
    if (proxy != null) {
      proxy.close();
    }
    if (host != null) {
      host.close();
    }
  }

  @Test
  @Order(1)
  void missedEventsOfTwoRepositoriesAppearOnceEachInOrderWithoutAReload() throws Exception {
    issue = host.api("bob", "POST", "/api/v1/repos/alice/demo/issues", "{\"title\":\"Before the drop\"}").get("number").asLong();
    alice.get(base + "/");
    waitConnected(alice);
    mark();
    waitFor(alice, d -> d.findElement(By.cssSelector("tidings-dashboard")).getText().contains("Before the drop"));
    // A live event first: both channels are followed before the cut.
    String live = push("Live before the drop");
    waitFor(alice, d -> sha(d, live).size() == 1);
    List<String> before = ids(alice);

    cut();
    long opened = after("repo:alice/demo", () -> host.api("bob", "POST", "/api/v1/repos/alice/demo/issues",
        "{\"title\":\"Opened while alice was cut off\"}").get("number").asLong());
    String pushed = after("repo:alice/second", () -> push("Pushed while alice was cut off"));
    after("repo:alice/demo", () -> host.api("bob", "POST", "/api/v1/repos/alice/demo/issues/" + opened + "/comments",
        "{\"body\":\"Commented while alice was cut off\"}"));
    assertThat(ids(alice)).as("nothing arrives while the network is cut").isEqualTo(before);
    proxy.outage(false);

    waitConnected(alice);
    waitFor(alice, d -> ids(d).size() >= before.size() + 3);
    List<WebElement> items = alice.findElements(By.cssSelector(ITEMS));
    assertThat(ids(alice)).as("the missed events on top, then exactly what was shown before")
        .hasSize(before.size() + 3).endsWith(before.toArray(String[]::new));
    // Newest first, across both repositories, whatever order the channels were replayed in.
    assertThat(items.get(0).getAttribute("data-event")).isEqualTo("issue.comment");
    assertThat(items.get(0).getAttribute("data-repo")).isEqualTo("alice/demo");
    assertThat(items.get(1).getAttribute("data-event")).isEqualTo("push");
    assertThat(items.get(1).getAttribute("data-repo")).isEqualTo("alice/second");
    assertThat(items.get(1).findElements(By.cssSelector("li[data-sha='" + pushed + "']"))).hasSize(1);
    assertThat(items.get(2).getAttribute("data-event")).isEqualTo("issue.opened");
    assertThat(items.get(2).getText()).contains("Opened while alice was cut off");

    // Live again; late copies of the replayed events would show up by now.
    String next = push("Pushed after the reconnect");
    waitFor(alice, d -> sha(d, next).size() == 1);
    List<String> now = ids(alice);
    assertThat(now).hasSize(before.size() + 4).doesNotHaveDuplicates();
    assertThat(sha(alice, pushed)).as("the missed push, once").hasSize(1);
    assertThat(alice.findElement(By.cssSelector(".tidings-dashboard__bar")).getText()).as("no reload prompt").isEmpty();
    assertNotReloaded();
  }

  @Test
  @Order(2)
  void aGapLongerThanTheLogKeepsOffersAReloadInsteadOfAHole() throws Exception {
    List<String> before = ids(alice);
    long demoBefore = repoItems(alice, "alice/demo");

    cut();
    for (int i = 1; i <= RETENTION + 1; i++) {
      String body = "{\"body\":\"Comment " + i + " of a long outage\"}";
      after("repo:alice/demo", () -> host.api("bob", "POST", "/api/v1/repos/alice/demo/issues/" + issue + "/comments", body));
    }
    String pushed = after("repo:alice/second", () -> push("Pushed during the long outage"));
    proxy.outage(false);

    waitConnected(alice);
    WebElement bar = waitFor(alice, d -> {
      WebElement b = d.findElement(By.cssSelector(".tidings-dashboard__bar"));
      return b.getText().contains("Some activity could not be loaded.") ? b : null;
    });
    assertThat(bar.findElement(By.tagName("button")).getText()).isEqualTo("Reload");
    // The repository whose gap the log still held is replayed as usual.
    waitFor(alice, d -> sha(d, pushed).size() == 1);
    assertThat(repoItems(alice, "alice/demo")).as("no part of a gap that cannot be replayed whole").isEqualTo(demoBefore);
    assertThat(ids(alice)).hasSize(before.size() + 1).doesNotHaveDuplicates();
    assertNotReloaded();

    // The dashboard follows alice/demo live again from where the hub is now.
    host.api("bob", "POST", "/api/v1/repos/alice/demo/issues", "{\"title\":\"After the long outage\"}");
    waitFor(alice, d -> d.findElement(By.cssSelector(ITEMS)).getText().contains("After the long outage"));
    assertNotReloaded();

    bar.findElement(By.tagName("button")).click();
    waitFor(alice, d -> js(d, "return window.__sameDocument") == null);
    waitConnected(alice);
    // The reloaded history: alice/demo's log no longer reaches 20 events back, so the dashboard
    // reads it less deep and still shows its newest events rather than none.
    waitFor(alice, d -> d.findElement(By.cssSelector("tidings-dashboard")).getText().contains("After the long outage"));
    assertThat(repoItems(alice, "alice/demo")).isBetween(1L, (long) RETENTION);
    assertThat(sha(alice, pushed)).hasSize(1);
    assertThat(alice.findElement(By.cssSelector(".tidings-dashboard__bar")).getText()).isEmpty();
  }

  // --- helpers -------------------------------------------------------------------------------

  /** Cuts alice's network and waits until her page knows. */
  private static void cut() {
    proxy.outage(true);
    waitFor(alice, d -> List.of("reconnecting", "offline").contains(
        d.findElement(By.cssSelector("tidings-status")).getAttribute("data-state")));
  }

  /** Runs {@code action} and waits until the log holds its event on {@code channel}: alice missed it. */
  private static <T> T after(String channel, Action<T> action) throws Exception {
    long offset = offset(channel);
    T result = action.run();
    waitFor(alice, d -> offset(channel) > offset);
    return result;
  }

  @FunctionalInterface
  private interface Action<T> {
    T run() throws Exception;
  }

  /** The channel's position in the log, as the long-poll answers it to bob (not through the proxy). */
  private static long offset(String channel) {
    JsonNode answer = host.api("bob", "GET", "/plugins/tidings/poll?timeout=0&channel="
        + URLEncoder.encode(channel, StandardCharsets.UTF_8), null);
    return answer.path("channels").path(channel).path("offset").asLong(-1);
  }

  private static String push(String message) throws Exception {
    String sha = bobSecond.commit(message);
    bobSecond.push("origin", "HEAD:main");
    return sha;
  }

  private static List<String> ids(WebDriver d) {
    return d.findElements(By.cssSelector(ITEMS)).stream().map(li -> li.getAttribute("data-id")).toList();
  }

  private static List<WebElement> sha(WebDriver d, String sha) {
    return d.findElements(By.cssSelector("tidings-dashboard li[data-sha='" + sha + "']"));
  }

  private static long repoItems(WebDriver d, String repo) {
    return d.findElements(By.cssSelector(ITEMS + "[data-repo='" + repo + "']")).size();
  }

  private static void mark() {
    js(alice, "window.__sameDocument = 'yes'");
  }

  private static void assertNotReloaded() {
    assertThat(js(alice, "return window.__sameDocument")).as("the page was not reloaded").isEqualTo("yes");
  }
}
