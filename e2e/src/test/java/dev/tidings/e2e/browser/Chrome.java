package dev.tidings.e2e.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Starts the system's headless Chromium through the system's chromedriver (nothing is downloaded). */
final class Chrome {

  static final Path BINARY = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SCREENSHOTS = Path.of("target", "screenshots");
  /** How long the tests wait for a page to reach a state. */
  static final Duration WAIT = Duration.ofSeconds(20);

  private Chrome() {}

  /** Whether both the browser and the driver are installed. */
  static boolean available() {
    return Files.isExecutable(BINARY) && Files.isExecutable(DRIVER);
  }

  /** The loud message shown when the tests are skipped. */
  static String missingMessage() {
    return "\n\n*** SKIPPED: browser end-to-end tests need " + BINARY + " and " + DRIVER
        + " (Debian: apt-get install -y chromium chromium-driver) ***\n";
  }

  /** A fresh browser with its own profile directory (so cookies, workers and storage start empty). */
  static ChromeDriver start(Path profile) throws IOException {
    System.setProperty("webdriver.chrome.driver", DRIVER.toString());
    // Keep chromedriver's own chatter out of the build log.
    java.util.logging.Logger.getLogger("org.openqa.selenium").setLevel(Level.WARNING);
    Files.createDirectories(profile);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BINARY.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-dev-shm-usage", "--window-size=1280,900",
        "--user-data-dir=" + profile.toAbsolutePath());
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(15));
    return driver;
  }

  /** Waits up to 20 s for {@code condition} to be true or non-null, ignoring missing and stale elements. */
  static <T> T waitFor(WebDriver driver, Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, WAIT).ignoring(NoSuchElementException.class)
        .ignoring(StaleElementReferenceException.class).until(condition::apply);
  }

  /** Waits until the page's {@code <tidings-status>} is open; fails with its state and last close code. */
  static void waitConnected(WebDriver driver) {
    By status = By.cssSelector("tidings-status");
    try {
      waitFor(driver, d -> "open".equals(d.findElement(status).getAttribute("data-state")));
    } catch (TimeoutException e) {
      WebElement s = driver.findElement(status);
      throw new AssertionError("not connected: state " + s.getAttribute("data-state")
          + ", last close code " + s.getAttribute("data-close-code"), e);
    }
  }

  /** Runs {@code script} in the page and returns its result. */
  static Object js(WebDriver driver, String script) {
    return ((JavascriptExecutor) driver).executeScript(script);
  }

  /**
   * From now on every page of the current tab records in {@code window.__csp} what its
   * Content-Security-Policy blocked (the pages must need nothing inline).
   */
  static void recordCspViolations(ChromeDriver driver) {
    driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
        "window.__csp = []; document.addEventListener('securitypolicyviolation',"
            + " (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"));
  }

  /** Switches the page's prefers-color-scheme (the widgets follow it). */
  static void colorScheme(ChromeDriver driver, String scheme) {
    driver.executeCdpCommand("Emulation.setEmulatedMedia",
        Map.of("features", java.util.List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
  }

  /** Saves a PNG of the viewport under target/screenshots/{name}-{light|dark}.png, in both schemes. */
  static void screenshots(ChromeDriver driver, String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    for (String scheme : new String[] {"light", "dark"}) {
      colorScheme(driver, scheme);
      byte[] png = driver.getScreenshotAs(OutputType.BYTES);
      Files.write(SCREENSHOTS.resolve(name + "-" + scheme + ".png"), png);
    }
    colorScheme(driver, "light");
  }
}
