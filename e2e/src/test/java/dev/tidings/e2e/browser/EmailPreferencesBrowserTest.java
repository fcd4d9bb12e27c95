package dev.tidings.e2e.browser;

import static dev.tidings.testing.support.Requirements.require;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The email choice on the preferences page in headless Chromium (drop-in jar, email set up in
 * tidings.properties): bob sees his address, picks the daily digest, saves, and the API and a
 * reload agree. Leaves target/screenshots/email-preferences-{light,dark}.png (docs/images).
 */
class EmailPreferencesBrowserTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void bobChoosesTheDailyDigest(@TempDir Path work) throws Exception {
    require(Chrome.available(), Chrome.missingMessage());
    Path plugins = Files.createDirectories(work.resolve("plugins"));
    Path data = Files.createDirectories(work.resolve("data"));
    Files.copy(Artifacts.PLUGIN_JAR, plugins.resolve("tidings-plugin.jar"), StandardCopyOption.REPLACE_EXISTING);
    Path settings = Files.createDirectories(data.resolve("plugins-data").resolve("tidings"));
    // No mail is sent in this test: the SMTP settings only have to be valid.
    Files.writeString(settings.resolve("tidings.properties"), String.join("\n", "email.enabled=true",
        "email.smtp.host=127.0.0.1", "email.smtp.tls=none", "email.from=tidings@example.com", "email.digest.hour=7", ""));
    HostServer host = HostServer.builder().bind("127.0.0.1").port(0).dataDir(data).pluginsDir(plugins).demo(true).build();
    host.start();
    ChromeDriver bob = null;
    try {
      String base = "http://127.0.0.1:" + host.port();
      bob = Chrome.start(work.resolve("profile-bob"));
      LiveBrowserTest.signIn(bob, base, "bob", "tidings-bob");
      bob.get(base + "/plugins/tidings/settings");
      WebElement section = waitFor(bob, d -> d.findElement(By.cssSelector("tidings-preferences .tidings-prefs__email")));
      assertThat(section.getText()).contains("bob@example.com").contains("Daily digest").contains("07:00 UTC");
      WebElement daily = section.findElement(By.cssSelector("input[value='daily']"));
      assertThat(section.findElement(By.cssSelector("input[value='off']")).isSelected()).isTrue();
      daily.click();
      ((JavascriptExecutor) bob).executeScript("arguments[0].scrollIntoView({block: 'center'})", section);
      Chrome.screenshots(bob, "email-preferences");
      bob.findElement(By.cssSelector("tidings-preferences button[type=submit]")).click();
      waitFor(bob, d -> d.findElement(By.cssSelector(".tidings-prefs__status")).getText().equals("Saved."));
      assertThat(mode(base)).isEqualTo("daily");
      bob.navigate().refresh();
      WebElement again = waitFor(bob, d -> d.findElement(By.cssSelector("tidings-preferences .tidings-prefs__email input[value='daily']")));
      assertThat(again.isSelected()).isTrue();
    } finally {
      if (bob != null) {
        bob.quit();
      }
      host.stop();
    }
  }

  private static String mode(String base) throws Exception {
    HttpRequest r = HttpRequest.newBuilder(URI.create(base + "/plugins/tidings/api/preferences/email"))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("bob:tidings-bob".getBytes(StandardCharsets.UTF_8)))
        .GET().build();
    HttpResponse<String> a = HttpClient.newHttpClient().send(r, HttpResponse.BodyHandlers.ofString());
    assertThat(a.statusCode()).as(a.body()).isEqualTo(200);
    return new ObjectMapper().readTree(a.body()).path("mode").asText();
  }

  private static <T> T waitFor(WebDriver d, Function<WebDriver, T> condition) {
    return new WebDriverWait(d, WAIT).ignoring(org.openqa.selenium.NoSuchElementException.class)
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(condition::apply);
  }
}
