package dev.tidings.e2e.browser;

import static dev.tidings.e2e.browser.Chrome.js;
import static dev.tidings.e2e.browser.Chrome.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidings.testing.git.GitCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The Subscribe / Unsubscribe / Mute control on the host's issue and pull request pages, with the
 * real drop-in jar in the real host and headless Chromium: bob subscribes to alice's issue with a
 * click, the page is not reloaded, the state survives a reload and the REST API agrees; he mutes
 * and unmutes; on a pull request page he subscribes with the keyboard. Screenshot:
 * target/screenshots/issue-subscription-{light,dark}.png (docs/images/issue-subscription.png).
 */
class IssueSubscriptionBrowserTest {

  private static final String CONTROL = "tidings-issue-subscription";

  @Test
  void subscribeMuteAndUnmuteFromTheIssueAndPullRequestPages(@TempDir Path work) throws Exception {
    BrowserHost host = BrowserHost.start(work.resolve("host"));
    ChromeDriver bob = null;
    try {
      String base = host.base();
      long issue = host.api("alice", "POST", "/api/v1/repos/alice/demo/issues",
          "{\"title\":\"Dark mode flickers on load\",\"body\":\"Seen in Firefox and Chromium.\"}").get("number").asLong();
      String check = "/api/v1/repos/alice/demo/issues/" + issue + "/subscriptions/check";

      bob = Chrome.start(work.resolve("profile-bob"));
      // The host's pages forbid inline code (CSP): the control must not need any.
      Chrome.recordCspViolations(bob);
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
      JsonNode info = host.api("bob", "GET", check, null);
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
      assertThat(host.api("bob", "GET", check, null).get("ignored").asBoolean()).isTrue();
      button(bob, "default").click();
      waitFor(bob, d -> "default".equals(state(d)));
      assertThat(buttonLabels(bob)).containsExactly("Subscribe", "Mute");
      assertThat(host.api("bob", "GET", check, null).get("subscribed").asBoolean()).isFalse();

      // A pull request page carries the same control; Enter on the focused button subscribes.
      GitCli repo = new GitCli(work.resolve("demo")).withIdentity("Alice Tester", "alice@example.test")
          .withHome(Files.createDirectories(work.resolve("git-home"))).withTimeout(Duration.ofSeconds(60))
          .cloneFrom(host.gitUrl("alice", "alice/demo"));
      repo.check("checkout", "-q", "-b", "feature-subscribe");
      repo.commit("Feature for the subscription test");
      repo.push("origin", "feature-subscribe");
      long pull = host.api("alice", "POST", "/api/v1/repos/alice/demo/pulls",
          "{\"title\":\"Fix the flicker\",\"head\":\"feature-subscribe\",\"base\":\"main\"}").get("number").asLong();
      bob.get(base + "/alice/demo/pulls/" + pull);
      waitFor(bob, d -> d.findElement(By.cssSelector(CONTROL + " button[data-action='subscribed']")));
      assertThat(status(bob)).contains("pull request");
      button(bob, "subscribed").sendKeys(Keys.ENTER);
      waitFor(bob, d -> "subscribed".equals(state(d)));
      assertThat(host.api("bob", "GET", "/api/v1/repos/alice/demo/issues/" + pull + "/subscriptions/check", null)
          .get("reason").asText()).isEqualTo("manual");
      assertThat(js(bob, "return window.__csp.join('; ')")).as("CSP violations").isEqualTo("");
    } finally {
      if (bob != null) {
        bob.quit();
      }
      host.close();
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
}
