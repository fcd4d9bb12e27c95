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
 * Live issue and pull request lists, live issue and pull request pages, and the home page
 * dashboard, through the real drop-in jar in headless Chromium. Two actors: alice has the page
 * open; bob (a collaborator with write access) works through the REST API and {@code git push}.
 * Every page carries a marker on {@code window} that a reload would lose. Element screenshots
 * (the ones in docs/images/) land in target/screenshots/.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiveListsBrowserTest {

  private static Path work;
  private static BrowserHost host;
  private static String base;
  private static ChromeDriver alice;
  private static GitCli bobRepo;

  @BeforeAll
  static void start() throws Exception {
    work = Files.createTempDirectory("tidings-lists-browser");
    host = BrowserHost.start(work.resolve("host"));
    base = host.base();
    api("alice", "PUT", "/api/v1/repos/alice/demo/collaborators/bob", "{\"permission\":\"write\"}");
    bobRepo = new GitCli(work.resolve("bob-demo")).withIdentity("Bob Builder", "bob@example.test")
        .withTimeout(Duration.ofSeconds(60)).cloneFrom(host.gitUrl("bob", "alice/demo"));
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
  void issueListOffersNewIssuesAndUpdatesRowsAndCountersWithoutReload() throws Exception {
    long first = issue("bob", "Existing bug");
    alice.get(base + "/alice/demo/issues");
    waitConnected(alice);
    mark(alice);
    assertThat(count(alice, "open")).isEqualTo(1);
    assertThat(count(alice, "closed")).isZero();

    long a = issue("bob", "Crash on start");
    long b = issue("bob", "Typo in the README");
    waitFor(alice, d -> count(d, "open") == 3);
    WebElement show = waitFor(alice, d -> visibleShow(d, "2 new issues — show"));
    assertThat(show.findElement(By.xpath("..")).getAttribute("aria-live")).isEqualTo("polite");
    assertThat(alice.findElements(By.cssSelector("[data-host-list] li[data-number='" + a + "']")))
        .as("new issues wait behind the bar").isEmpty();
    shot(alice.findElement(By.cssSelector("main")), "live-lists-issues-new");

    show.click();
    waitFor(alice, d -> !d.findElements(By.cssSelector("[data-host-list] li[data-number='" + a + "']")).isEmpty());
    assertThat(rowNumbers(alice)).startsWith(b, a, first);
    assertThat(alice.findElement(By.cssSelector(".tidings-list-bar__show")).isDisplayed()).isFalse();

    api("bob", "PATCH", "/api/v1/repos/alice/demo/issues/" + a, "{\"state\":\"closed\"}");
    waitFor(alice, d -> count(d, "closed") == 1 && count(d, "open") == 2);
    waitFor(alice, d -> row(d, a).getText().contains("Closed"));
    api("bob", "PATCH", "/api/v1/repos/alice/demo/issues/" + b, "{\"title\":\"Typo in the README and the docs\"}");
    waitFor(alice, d -> row(d, b).findElement(By.cssSelector(".title")).getText().equals("Typo in the README and the docs"));
    api("bob", "POST", "/api/v1/repos/alice/demo/issues/" + b + "/comments", "{\"body\":\"Also in CONTRIBUTING\"}");
    waitFor(alice, d -> row(d, b).getText().contains("1 comment"));
    assertNotReloaded(alice);
    shot(alice.findElement(By.cssSelector("main")), "live-lists-issues-updated");
    // What the live list shows is what the host renders after a reload.
    alice.navigate().refresh();
    assertThat(count(alice, "open")).isEqualTo(2);
    assertThat(count(alice, "closed")).isEqualTo(1);
  }

  @Test
  @Order(2)
  void pullRequestListOffersNewPullRequests() throws Exception {
    alice.get(base + "/alice/demo/pulls");
    waitConnected(alice);
    mark(alice);
    long before = count(alice, "open");
    bobRepo.check("checkout", "-q", "-b", "docs-fix", "origin/main");
    bobRepo.commit("Fix the docs");
    bobRepo.push("origin", "docs-fix");
    long pr = pull("Fix the docs", "docs-fix");
    waitFor(alice, d -> count(d, "open") == before + 1);
    waitFor(alice, d -> visibleShow(d, "1 new pull request — show")).click();
    waitFor(alice, d -> !d.findElements(By.cssSelector("[data-host-list] li[data-number='" + pr + "']")).isEmpty());
    assertNotReloaded(alice);
  }

  @Test
  @Order(3)
  void pullRequestPageShowsCommitsEditsPeopleAndMergeInPlace() throws Exception {
    bobRepo.check("checkout", "-q", "-b", "feature", "origin/main");
    bobRepo.commit("Start the feature");
    bobRepo.push("origin", "feature");
    long pr = pull("Add the feature", "feature");
    alice.get(base + "/alice/demo/pulls/" + pr);
    waitConnected(alice);
    mark(alice);

    String next = bobRepo.commit("Finish the feature");
    bobRepo.push("origin", "feature");
    waitFor(alice, d -> !d.findElements(By.cssSelector("[data-host-commits] li[data-sha='" + next + "']")).isEmpty());
    waitFor(alice, d -> next.equals(d.findElement(By.cssSelector("[data-host-head]")).getAttribute("data-host-head")));
    assertThat(alice.findElement(By.cssSelector("[data-host-statuses]")).getAttribute("data-sha")).isEqualTo(next);
    assertThat(alice.findElement(By.cssSelector("form.merge [name=head_commit_id]")).getAttribute("value")).isEqualTo(next);

    api("bob", "PATCH", "/api/v1/repos/alice/demo/pulls/" + pr,
        "{\"title\":\"Add the feature, finished\",\"body\":\"Ready for review.\"}");
    waitFor(alice, d -> d.findElement(By.cssSelector("[data-host-title]")).getText().equals("Add the feature, finished"));
    waitFor(alice, d -> d.findElement(By.cssSelector("[data-host-body]")).getText().equals("Ready for review."));

    api("bob", "PATCH", "/api/v1/repos/alice/demo/pulls/" + pr, "{\"assignees\":[\"alice\"]}");
    waitFor(alice, d -> "alice".equals(d.findElement(By.cssSelector("[data-host-assignees]")).getAttribute("data-host-assignees")));
    assertThat(alice.findElement(By.cssSelector("[data-host-assignees]")).getText()).contains("assigned to alice");
    // The assignment (now pr.assigned) still notifies the assignee, with reason "assign".
    waitFor(alice, d -> {
      try {
        for (JsonNode t : api("alice", "GET", "/api/v1/notifications?all=true", null)) {
          if ("assign".equals(t.path("reason").asText()) && t.path("subject").path("title").asText().startsWith("Add the feature")) {
            return true;
          }
        }
        return null;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });

    api("bob", "POST", "/api/v1/repos/alice/demo/pulls/" + pr + "/requested_reviewers", "{\"reviewers\":[\"alice\"]}");
    waitFor(alice, d -> d.findElement(By.cssSelector("[data-host-reviewers]")).isDisplayed()
        && d.findElement(By.cssSelector("[data-host-reviewers]")).getText().contains("alice"));
    assertThat(alice.findElements(By.cssSelector(".tidings-reload"))).as("no reload banner").isEmpty();
    shot(alice.findElement(By.cssSelector("main")), "live-lists-pull-open");

    api("bob", "POST", "/api/v1/repos/alice/demo/pulls/" + pr + "/merge", "{\"Do\":\"merge\"}");
    waitFor(alice, d -> "merged".equals(d.findElement(By.cssSelector("[data-host-state]")).getAttribute("data-host-state")));
    waitFor(alice, d -> d.findElement(By.cssSelector("[data-host-merge-info]")).getText().contains("merged by bob"));
    assertThat(alice.findElement(By.cssSelector("form.merge")).isDisplayed()).as("merge form hidden once merged").isFalse();
    assertThat(alice.findElement(By.cssSelector("[data-host-pull-commits] [data-host-commits]"))
        .getAttribute("data-host-commits-paused")).as("a merged pull request's commits stop following the branch").isNotNull();
    assertThat(alice.findElements(By.cssSelector(".tidings-reload"))).as("no reload banner").isEmpty();
    assertNotReloaded(alice);
  }

  @Test
  @Order(4)
  void issuePageShowsEditsAssigneesAndStateInPlace() throws Exception {
    long n = issue("bob", "Flaky build");
    alice.get(base + "/alice/demo/issues/" + n);
    waitConnected(alice);
    mark(alice);
    String longBody = "The build fails now and then. ".repeat(20).trim();
    api("bob", "PATCH", "/api/v1/repos/alice/demo/issues/" + n, "{\"title\":\"Flaky build on CI\",\"body\":\"" + longBody + "\"}");
    waitFor(alice, d -> d.findElement(By.cssSelector("[data-host-title]")).getText().equals("Flaky build on CI"));
    // The event carries 280 characters of the body; the page reads the rest from REST.
    waitFor(alice, d -> d.findElement(By.cssSelector("[data-host-body]")).getText().equals(longBody));
    api("bob", "PATCH", "/api/v1/repos/alice/demo/issues/" + n, "{\"assignees\":[\"bob\"]}");
    waitFor(alice, d -> "bob".equals(d.findElement(By.cssSelector("[data-host-assignees]")).getAttribute("data-host-assignees")));
    api("bob", "PATCH", "/api/v1/repos/alice/demo/issues/" + n, "{\"state\":\"closed\"}");
    waitFor(alice, d -> "closed".equals(d.findElement(By.cssSelector("[data-host-state]")).getAttribute("data-host-state")));
    waitFor(alice, d -> d.findElement(By.cssSelector("[data-host-state-form] button")).getText().equals("Reopen"));
    assertThat(alice.findElements(By.cssSelector(".tidings-reload"))).as("no reload banner").isEmpty();
    assertNotReloaded(alice);
  }

  @Test
  @Order(5)
  void dashboardShowsWatchedRepositoriesLiveAndResumesAfterAReconnect() throws Exception {
    api("alice", "POST", "/api/v1/user/repos", "{\"name\":\"other\",\"auto_init\":true,\"default_branch\":\"main\"}");
    api("alice", "PUT", "/api/v1/repos/alice/demo/subscription", null);
    // Creating a repository watches it (as in Gitea); alice stops watching this one.
    api("alice", "DELETE", "/api/v1/repos/alice/other/subscription", null);
    assertThat(api("alice", "GET", "/api/v1/user/subscriptions", null).findValuesAsText("full_name"))
        .contains("alice/demo").doesNotContain("alice/other");
    GitCli other = new GitCli(work.resolve("alice-other")).withIdentity("Alice Tester", "alice@example.test")
        .withTimeout(Duration.ofSeconds(60))
        .cloneFrom(host.gitUrl("alice", "alice/other"), Duration.ofSeconds(20));
    bobRepo.check("checkout", "-q", "-b", "dash", "origin/main");

    alice.get(base + "/");
    waitConnected(alice);
    mark(alice);
    // History from the log: the earlier tests' activity in alice/demo, newest first.
    waitFor(alice, d -> d.findElements(By.cssSelector("tidings-dashboard li.tidings-feed__item")).size() >= 5);
    assertThat(alice.findElements(By.cssSelector("tidings-dashboard li[data-repo='alice/other']"))).isEmpty();
    assertThat(alice.findElement(By.cssSelector("tidings-dashboard")).getText()).contains("merged pull request");

    String unwatched = other.commit("Not watched");
    other.push("origin", "HEAD:main");
    String watched = bobRepo.commit("Watched push");
    bobRepo.push("origin", "dash");
    waitFor(alice, d -> !d.findElements(By.cssSelector("tidings-dashboard li[data-sha='" + watched + "']")).isEmpty());
    assertThat(alice.findElements(By.cssSelector("tidings-dashboard li[data-sha='" + unwatched + "']")))
        .as("a push to a repository alice does not watch").isEmpty();
    assertThat(alice.findElement(By.cssSelector("tidings-dashboard li.tidings-feed__item")).getText())
        .as("newest first").contains("alice/demo").contains("bob pushed 1 commit to dash");
    shot(alice.findElement(By.cssSelector("tidings-dashboard")), "live-dashboard");
    assertNotReloaded(alice);

    // A connection of this tab only (no shared worker), so the test can take it down.
    js(alice, "localStorage.setItem('tidings.shared', 'off')");
    alice.get(base + "/");
    waitConnected(alice);
    waitFor(alice, d -> !d.findElements(By.cssSelector("tidings-dashboard li[data-sha='" + watched + "']")).isEmpty());
    mark(alice);
    js(alice, "window.dispatchEvent(new Event('offline'))");
    waitFor(alice, d -> "offline".equals(d.findElement(By.cssSelector("tidings-status")).getAttribute("data-state")));
    String missed = bobRepo.commit("Pushed while the dashboard was offline");
    bobRepo.push("origin", "dash");
    js(alice, "window.dispatchEvent(new Event('online'))");
    waitConnected(alice);
    waitFor(alice, d -> !d.findElements(By.cssSelector("tidings-dashboard li[data-sha='" + missed + "']")).isEmpty());
    String after = bobRepo.commit("Pushed after the reconnect");
    bobRepo.push("origin", "dash");
    waitFor(alice, d -> !d.findElements(By.cssSelector("tidings-dashboard li[data-sha='" + after + "']")).isEmpty());
    assertThat(alice.findElements(By.cssSelector("tidings-dashboard li[data-sha='" + missed + "']")))
        .as("the missed push, once").hasSize(1);
    assertNotReloaded(alice);
    js(alice, "localStorage.removeItem('tidings.shared')");
  }

  @Test
  @Order(6)
  void anonymousHomePageHasNoDashboard() throws Exception {
    ChromeDriver anon = Chrome.start(work.resolve("profile-anon"));
    try {
      anon.get(base + "/");
      waitConnected(anon);
      assertThat(anon.findElements(By.cssSelector("tidings-dashboard"))).isEmpty();
      assertThat(anon.findElement(By.cssSelector("h1")).getText()).isEqualTo("Repositories");
    } finally {
      anon.quit();
    }
  }

  @Test
  @Order(7)
  void reopenedPullRequestFollowsItsHeadBranchAgain() throws Exception {
    bobRepo.check("checkout", "-q", "-b", "reopen-me", "origin/main");
    bobRepo.commit("Try something");
    bobRepo.push("origin", "reopen-me");
    long pr = pull("Try something", "reopen-me");
    alice.get(base + "/alice/demo/pulls/" + pr);
    waitConnected(alice);
    mark(alice);

    api("bob", "PATCH", "/api/v1/repos/alice/demo/pulls/" + pr, "{\"state\":\"closed\"}");
    waitFor(alice, d -> "closed".equals(d.findElement(By.cssSelector("[data-host-state]")).getAttribute("data-host-state")));
    api("bob", "PATCH", "/api/v1/repos/alice/demo/pulls/" + pr, "{\"state\":\"open\"}");
    waitFor(alice, d -> "open".equals(d.findElement(By.cssSelector("[data-host-state]")).getAttribute("data-host-state")));

    String next = bobRepo.commit("Try it again");
    bobRepo.push("origin", "reopen-me");
    waitFor(alice, d -> !d.findElements(By.cssSelector("[data-host-pull-commits] li[data-sha='" + next + "']")).isEmpty());
    waitFor(alice, d -> next.equals(d.findElement(By.cssSelector("[data-host-head]")).getAttribute("data-host-head")));
    assertThat(alice.findElement(By.cssSelector("form.merge [name=head_commit_id]")).getAttribute("value")).isEqualTo(next);
    assertThat(alice.findElements(By.cssSelector(".tidings-reload"))).as("no reload banner").isEmpty();
    assertNotReloaded(alice);

    // Opened while closed, the page renders a commit list that follows nothing; reopened, it follows
    // the head branch. A commit pushed while it was closed is not in the list: the banner says so.
    api("bob", "PATCH", "/api/v1/repos/alice/demo/pulls/" + pr, "{\"state\":\"closed\"}");
    alice.navigate().refresh();
    waitConnected(alice);
    mark(alice);
    assertThat(alice.findElement(By.cssSelector("[data-host-state]")).getAttribute("data-host-state")).isEqualTo("closed");
    assertThat(alice.findElements(By.cssSelector("[data-host-commits]"))).as("a closed pull request's list is not live").isEmpty();
    String whileClosed = bobRepo.commit("Pushed while closed");
    bobRepo.push("origin", "reopen-me");
    api("bob", "PATCH", "/api/v1/repos/alice/demo/pulls/" + pr, "{\"state\":\"open\"}");
    waitFor(alice, d -> "open".equals(d.findElement(By.cssSelector("[data-host-state]")).getAttribute("data-host-state")));
    String last = bobRepo.commit("Pushed after the reopen");
    bobRepo.push("origin", "reopen-me");
    waitFor(alice, d -> !d.findElements(By.cssSelector("[data-host-pull-commits] li[data-sha='" + last + "']")).isEmpty());
    waitFor(alice, d -> last.equals(d.findElement(By.cssSelector("[data-host-head]")).getAttribute("data-host-head")));
    assertThat(alice.findElements(By.cssSelector("[data-host-pull-commits] li[data-sha='" + whileClosed + "']"))).isEmpty();
    assertThat(alice.findElement(By.cssSelector(".tidings-reload")).getText())
        .as("the list missed a commit").contains("commits this list does not show");
    assertNotReloaded(alice);
  }

  @Test
  @Order(8)
  void dashboardSaysWhereABranchMovedAndShowsAHostMergeOnce() throws Exception {
    api("alice", "PUT", "/api/v1/repos/alice/demo/subscription", null);
    bobRepo.check("fetch", "-q", "origin");
    bobRepo.check("checkout", "-q", "-b", "ff", "origin/main");
    String ff = bobRepo.commit("Fast-forward me");
    bobRepo.push("origin", "ff");
    alice.get(base + "/");
    waitConnected(alice);
    mark(alice);

    // main moves to a commit the repository already has (a fast-forward merge made locally).
    bobRepo.push("origin", "ff:main");
    waitFor(alice, d -> d.findElement(By.cssSelector("tidings-dashboard li.tidings-feed__item")).getText()
        .contains("bob updated main to " + ff.substring(0, 7)));
    assertThat(alice.findElement(By.cssSelector("tidings-dashboard")).getText()).doesNotContain("pushed 0 commits");

    // Merged on the host (a fast-forward): the host reports the merge and the move of main; the
    // dashboard shows the merge only.
    bobRepo.check("checkout", "-q", "-b", "ff-pull", "origin/ff");
    String merged = bobRepo.commit("Merged on the host");
    bobRepo.push("origin", "ff-pull");
    long pr = pull("Merged on the host", "ff-pull");
    api("bob", "POST", "/api/v1/repos/alice/demo/pulls/" + pr + "/merge", "{\"Do\":\"merge\"}");
    assertThat(api("bob", "GET", "/api/v1/repos/alice/demo/pulls/" + pr, null).path("merge_commit_sha").asText())
        .as("a fast-forward: the merge commit is the head").isEqualTo(merged);
    waitFor(alice, d -> d.findElement(By.cssSelector("tidings-dashboard")).getText().contains("bob merged pull request #" + pr));
    // Something after the host's push of main, so that it had its chance to show.
    String later = bobRepo.commit("After the merge");
    bobRepo.push("origin", "ff-pull");
    waitFor(alice, d -> !d.findElements(By.cssSelector("tidings-dashboard li[data-sha='" + later + "']")).isEmpty());
    assertThat(alice.findElement(By.cssSelector("tidings-dashboard")).getText())
        .as("the host's push of the merge is folded into it").doesNotContain("to " + merged.substring(0, 7))
        .doesNotContain("bob pushed 0 commits");
    assertThat(alice.findElements(By.cssSelector("tidings-dashboard [data-merge-key='alice/demo@" + merged + "']"))).isEmpty();
    assertNotReloaded(alice);
  }

  // --- helpers -------------------------------------------------------------------------------

  private static long issue(String user, String title) throws Exception {
    return api(user, "POST", "/api/v1/repos/alice/demo/issues", "{\"title\":\"" + title + "\"}").get("number").asLong();
  }

  private static long pull(String title, String head) throws Exception {
    return api("bob", "POST", "/api/v1/repos/alice/demo/pulls",
        "{\"title\":\"" + title + "\",\"head\":\"" + head + "\",\"base\":\"main\"}").get("number").asLong();
  }

  private static long count(WebDriver d, String state) {
    return Long.parseLong(d.findElement(By.cssSelector("[data-host-count='" + state + "']")).getText().trim());
  }

  private static WebElement visibleShow(WebDriver d, String text) {
    WebElement b = d.findElement(By.cssSelector(".tidings-list-bar__show"));
    return b.isDisplayed() && b.getText().equals(text) ? b : null;
  }

  private static WebElement row(WebDriver d, long number) {
    return d.findElement(By.cssSelector("[data-host-list] li[data-number='" + number + "']"));
  }

  private static java.util.List<Long> rowNumbers(WebDriver d) {
    return d.findElements(By.cssSelector("[data-host-list] li[data-number]")).stream()
        .map(li -> Long.parseLong(li.getAttribute("data-number"))).toList();
  }

  private static void mark(WebDriver d) {
    js(d, "window.__sameDocument = 'yes'");
  }

  private static void assertNotReloaded(WebDriver d) {
    assertThat(js(d, "return window.__sameDocument")).as("the page was not reloaded").isEqualTo("yes");
  }

  private static void shot(WebElement element, String name) throws Exception {
    // Toasts (alice's notifications) float over the page; the pictures are about the page.
    js(alice, "document.querySelectorAll('.tidings-toasts').forEach((t) => t.remove())");
    BrowserHost.shot(element, name);
  }

  private static JsonNode api(String user, String method, String path, String body) {
    return host.api(user, method, path, body);
  }
}
