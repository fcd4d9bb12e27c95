package dev.tidings.e2e.browser;

import static dev.tidings.e2e.browser.Chrome.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The email choice on the preferences page in headless Chromium (drop-in jar, email set up in
 * tidings.properties): bob sees his address, picks the daily digest, saves, and the API and a
 * reload agree. Leaves target/screenshots/email-preferences-{light,dark}.png (docs/images).
 */
class EmailPreferencesBrowserTest {

  @Test
  void bobChoosesTheDailyDigest(@TempDir Path work) throws Exception {
    Path root = work.resolve("host");
    // No mail is sent in this test: the SMTP settings only have to be valid.
    Files.writeString(BrowserHost.settingsFile(root), String.join("\n", "email.enabled=true",
        "email.smtp.host=127.0.0.1", "email.smtp.tls=none", "email.from=tidings@example.com", "email.digest.hour=7", ""));
    BrowserHost host = BrowserHost.start(root);
    ChromeDriver bob = null;
    try {
      String base = host.base();
      bob = Chrome.start(work.resolve("profile-bob"));
      LiveBrowserTest.signIn(bob, base, "bob", "tidings-bob");
      bob.get(base + "/plugins/tidings/settings");
      WebElement section = waitFor(bob, d -> d.findElement(By.cssSelector("tidings-preferences .tidings-prefs__email")));
      assertThat(section.getText()).contains("bob@example.com").contains("Daily digest").contains("07:00 UTC");
      WebElement daily = section.findElement(By.cssSelector("input[value='daily']"));
      assertThat(section.findElement(By.cssSelector("input[value='off']")).isSelected()).isTrue();
      daily.click();
      bob.executeScript("arguments[0].scrollIntoView({block: 'center'})", section);
      Chrome.screenshots(bob, "email-preferences");
      bob.findElement(By.cssSelector("tidings-preferences button[type=submit]")).click();
      waitFor(bob, d -> d.findElement(By.cssSelector(".tidings-prefs__status")).getText().equals("Saved."));
      assertThat(host.api("bob", "GET", "/plugins/tidings/api/preferences/email", null).path("mode").asText())
          .isEqualTo("daily");
      bob.navigate().refresh();
      WebElement again = waitFor(bob, d -> d.findElement(By.cssSelector("tidings-preferences .tidings-prefs__email input[value='daily']")));
      assertThat(again.isSelected()).isTrue();
    } finally {
      if (bob != null) {
        bob.quit();
      }
      host.close();
    }
  }
}
