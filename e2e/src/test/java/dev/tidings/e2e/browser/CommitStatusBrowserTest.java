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
 * CI status through the real drop-in jar in headless Chromium: a pull request page shows its checks
 * and a progress bar that follow {@code POST /api/v1/repos/o/r/statuses/{sha}} (pending 10% -> 60%
 * -> success) without a reload, and a commit list shows each commit's combined state live.
 * Element screenshots (the ones in docs/images/) land in target/screenshots/.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CommitStatusBrowserTest {

  private static Path work;
  private static BrowserHost host;
  private static String base;
  private static ChromeDriver alice;
  private static GitCli repo;
  private static String head;
  private static String parent;

  @BeforeAll
  static void start() throws Exception {
    work = Files.createTempDirectory("tidings-ci-browser");
    host = BrowserHost.start(work.resolve("host"));
    base = host.base();
    repo = new GitCli(work.resolve("demo")).withIdentity("Alice Tester", "alice@example.test")
        .withTimeout(Duration.ofSeconds(60)).cloneFrom(host.gitUrl("alice", "alice/demo"));
    repo.check("checkout", "-q", "-b", "ci-live");
    parent = repo.commit("Add the build script");
    head = repo.commit("Run the tests in CI");
    repo.push("origin", "ci-live");
    alice = Chrome.start(work.resolve("profile-alice"));
    LiveBrowserTest.signIn(alice, base, "alice", "tidings-alice");
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

  @Test
  @Order(1)
  void pullRequestPageFollowsProgressAndStateWithoutReload() throws Exception {
    long number = api("POST", "/api/v1/repos/alice/demo/pulls",
        "{\"title\":\"Run the tests in CI\",\"head\":\"ci-live\",\"base\":\"main\"}").get("number").asLong();
    alice.get(base + "/alice/demo/pulls/" + number);
    waitConnected(alice);
    js(alice, "window.__sameDocument = 'yes'");
    WebElement checks = alice.findElement(By.cssSelector("[data-host-statuses]"));
    assertThat(checks.getText()).contains("No checks reported");
    assertThat(checks.getAttribute("data-sha")).isEqualTo(head);

    status(head, "{\"state\":\"pending\",\"context\":\"ci/build\",\"description\":\"Compiling\",\"progress\":10,"
        + "\"target_url\":\"https://ci.example.org/runs/7\"}");
    waitFor(alice, d -> "10".equals(progressOf(d, "ci/build")));
    status(head, "{\"state\":\"pending\",\"context\":\"ci/test\",\"description\":\"Queued\"}");
    status(head, "{\"state\":\"pending\",\"context\":\"ci/build\",\"description\":\"Running the tests\",\"progress\":60,"
        + "\"target_url\":\"https://ci.example.org/runs/7\"}");
    waitFor(alice, d -> "60".equals(progressOf(d, "ci/build")));
    WebElement row = row(alice, "ci/build");
    assertThat(row.getText()).contains("pending").contains("Running the tests").contains("60%");
    WebElement bar = row.findElement(By.cssSelector("progress"));
    assertThat(bar.getAttribute("aria-label")).isEqualTo("ci/build progress");
    assertThat(combined(alice)).isEqualTo("pending");
    assertThat(alice.findElement(By.cssSelector("[data-host-combined-status]")).getAttribute("aria-live")).isEqualTo("polite");
    BrowserHost.shot(alice.findElement(By.cssSelector("[data-host-statuses]")), "ci-status-pull-pending");

    status(head, "{\"state\":\"success\",\"context\":\"ci/build\",\"description\":\"Built in 42 s\","
        + "\"target_url\":\"https://ci.example.org/runs/7\"}");
    status(head, "{\"state\":\"failure\",\"context\":\"ci/test\",\"description\":\"2 tests failed\"}");
    waitFor(alice, d -> "failure".equals(combined(d)));
    waitFor(alice, d -> "success".equals(row(d, "ci/build").getAttribute("data-state")));
    assertThat(row(alice, "ci/build").findElements(By.cssSelector("progress"))).as("no bar once done").isEmpty();
    assertThat(row(alice, "ci/test").getText()).contains("failure").contains("2 tests failed");
    assertThat(alice.findElement(By.cssSelector("[data-host-combined-status]")).getText()).contains("failure");
    BrowserHost.shot(alice.findElement(By.cssSelector("[data-host-statuses]")), "ci-status-pull-done");

    status(head, "{\"state\":\"success\",\"context\":\"ci/test\",\"description\":\"128 tests passed\"}");
    waitFor(alice, d -> "success".equals(combined(d)));
    assertThat(js(alice, "return window.__sameDocument")).as("the page was not reloaded").isEqualTo("yes");
    // A reload shows what the live page showed.
    alice.navigate().refresh();
    assertThat(combined(alice)).isEqualTo("success");
    assertThat(row(alice, "ci/test").getText()).contains("128 tests passed");
  }

  @Test
  @Order(2)
  void commitListShowsEachCommitsCombinedStateLive() throws Exception {
    alice.get(base + "/alice/demo/commits/branch/ci-live");
    waitConnected(alice);
    js(alice, "window.__sameDocument = 'yes'");
    assertThat(badgeOf(alice, head)).as("rendered by the host").isEqualTo("success");
    assertThat(alice.findElements(By.cssSelector("li[data-sha='" + parent + "'] [data-host-commit-status]"))).isEmpty();

    status(parent, "{\"state\":\"failure\",\"context\":\"ci/test\"}");
    waitFor(alice, d -> "failure".equals(badgeOf(d, parent)));
    status(head, "{\"state\":\"pending\",\"context\":\"ci/deploy\",\"progress\":30}");
    waitFor(alice, d -> "pending".equals(badgeOf(d, head)));
    WebElement badge = alice.findElement(By.cssSelector("li[data-sha='" + head + "'] [data-host-commit-status]"));
    assertThat(badge.getText()).contains("pending");
    assertThat(js(alice, "return window.__sameDocument")).as("the page was not reloaded").isEqualTo("yes");
    BrowserHost.shot(alice.findElement(By.cssSelector("ul.commits")), "ci-status-commits");
  }

  // --- helpers -------------------------------------------------------------------------------

  private static void status(String sha, String body) throws Exception {
    JsonNode s = api("POST", "/api/v1/repos/alice/demo/statuses/" + sha, body);
    assertThat(s.get("url").asText()).endsWith("/statuses/" + sha);
  }

  private static WebElement row(WebDriver d, String context) {
    return d.findElement(By.cssSelector("[data-host-statuses] li[data-context='" + context + "']"));
  }

  private static String progressOf(WebDriver d, String context) {
    return row(d, context).findElements(By.cssSelector("progress")).stream().findFirst()
        .map(p -> p.getAttribute("value")).orElse(null);
  }

  private static String combined(WebDriver d) {
    return d.findElement(By.cssSelector("[data-host-combined-status]")).getAttribute("data-host-combined-status");
  }

  private static String badgeOf(WebDriver d, String sha) {
    return d.findElements(By.cssSelector("li[data-sha='" + sha + "'] [data-host-commit-status]")).stream().findFirst()
        .map(b -> b.getAttribute("data-host-commit-status")).orElse(null);
  }

  private static JsonNode api(String method, String path, String body) {
    return host.api("alice", method, path, body);
  }
}
