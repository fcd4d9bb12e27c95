package dev.tidings.e2e.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidings.testing.git.GitCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
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

  private static Path work;
  private static BrowserHost host;
  private static String base;
  private static ChromeDriver alice;
  private static ChromeDriver bob;

  @BeforeAll
  static void start() throws Exception {
    work = Files.createTempDirectory("tidings-presence-browser");
    host = BrowserHost.start(work.resolve("host"));
    base = host.base();
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
      host.close();
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
    BrowserHost.shot(alice.findElement(By.cssSelector("main")), "presence-issue");
    Chrome.screenshots(alice, "presence-issue-page");
    // Nobody types any more: the notice clears by itself (5 s after the last typing message).
    waitFor(alice, d -> d.findElement(By.cssSelector("[data-tidings-typing]")).getText().isEmpty());
    assertThat(bob.findElement(By.cssSelector("[data-tidings-typing]")).getText()).as("bob never sees himself typing").isEmpty();

    // bob leaves the page: his avatar goes from alice's header (after the server's leave grace).
    bob.get(base + "/alice/demo");
    waitFor(alice, d -> viewers(d).equals(List.of("alice")));
  }

  @Test
  void aPullRequestPageShowsItsOwnViewersAndTypists() throws Exception {
    GitCli repo = new GitCli(work.resolve("demo")).withIdentity("Alice Tester", "alice@example.test")
        .withHome(Files.createDirectories(work.resolve("git-home"))).withTimeout(Duration.ofSeconds(60))
        .cloneFrom(host.gitUrl("alice", "alice/demo"));
    repo.check("checkout", "-q", "-b", "feature-presence");
    repo.commit("Feature for the presence test");
    repo.push("origin", "feature-presence");
    long pull = api("POST", "/api/v1/repos/alice/demo/pulls",
        "{\"title\":\"Presence on a pull request\",\"head\":\"feature-presence\",\"base\":\"main\"}")
        .get("number").asLong();
    String page = base + "/alice/demo/pulls/" + pull;
    alice.get(page);
    waitFor(alice, d -> viewers(d).equals(List.of("alice")));
    assertThat(alice.findElement(By.cssSelector("[data-tidings-presence]")).getAttribute("data-tidings-presence"))
        .isEqualTo("presence:alice/demo/pulls/" + pull);
    bob.get(page);
    waitFor(alice, d -> viewers(d).equals(List.of("alice", "bob")));
    bob.findElement(By.cssSelector("#comment-body")).sendKeys("Reviewing now");
    waitFor(alice, d -> d.findElement(By.cssSelector("[data-tidings-typing]")).getText().equals("bob is typing…"));
    // bob opens the issue list: he leaves this pull request's viewers, alice stays.
    bob.get(base + "/alice/demo/issues");
    waitFor(alice, d -> viewers(d).equals(List.of("alice")));
  }

  private static List<String> viewers(WebDriver d) {
    return d.findElements(By.cssSelector("[data-tidings-presence] li[data-login]")).stream()
        .map(e -> e.getAttribute("data-login")).toList();
  }

  private static <T> T waitFor(WebDriver d, Function<WebDriver, T> condition) {
    return new WebDriverWait(d, WAIT).ignoring(org.openqa.selenium.NoSuchElementException.class)
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(x -> {
          T v = condition.apply(x);
          return v instanceof Boolean b && !b ? null : v;
        });
  }

  private static JsonNode api(String method, String path, String body) {
    return host.api("alice", method, path, body);
  }
}
