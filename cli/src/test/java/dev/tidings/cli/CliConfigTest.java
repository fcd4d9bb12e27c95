package dev.tidings.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the URL and token come from, the config file's permissions, the command line's refusals, the back-off. */
class CliConfigTest {

  @TempDir
  Path dir;

  private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
  private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

  @Test
  void theEnvironmentTokenWinsOverTheFileAndTheUrlOptionOverBoth() throws Exception {
    Path file = Files.writeString(dir.resolve("c.properties"), "url=http://files.example:9/\ntoken=from-file\n");
    CliConfig c = CliConfig.resolve("https://git.example.com/prefix", file, Map.of("TIDINGS_TOKEN", "from-env"), err);
    assertThat(c.token()).isEqualTo("from-env");
    assertThat(c.server()).isEqualTo(URI.create("wss://git.example.com/prefix/plugins/tidings/ws"));
    CliConfig fromFile = CliConfig.resolve(null, file, Map.of(), err);
    assertThat(fromFile.token()).isEqualTo("from-file");
    assertThat(fromFile.server()).isEqualTo(URI.create("ws://files.example:9/plugins/tidings/ws"));
  }

  @Test
  void aTokenFileOthersCanReadIsWarnedAbout() throws Exception {
    Path file = Files.writeString(dir.resolve("c.properties"), "url=http://h/\ntoken=t\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    CliConfig.resolve(null, file, Map.of(), err);
    assertThat(errBytes.toString(StandardCharsets.UTF_8)).contains("can be read by other users").contains("chmod 600");
    errBytes.reset();
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    CliConfig.resolve(null, file, Map.of(), err);
    assertThat(errBytes.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void urlsWithCredentialsOrNoUrlAtAllAreUsageErrors() {
    assertThatThrownBy(() -> CliConfig.resolve("http://u:p@h/", dir.resolve("none"), Map.of(), err))
        .isInstanceOfSatisfying(WatchFailure.class, f -> assertThat(f.exit()).isEqualTo(Exit.USAGE));
    assertThatThrownBy(() -> CliConfig.resolve(null, null, Map.of("TIDINGS_CONFIG", dir.resolve("none").toString()), err))
        .isInstanceOfSatisfying(WatchFailure.class, f -> assertThat(f).hasMessageContaining("No server URL"));
  }

  @Test
  void aTokenOnTheCommandLineIsRefusedBeforeAnythingElse() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code = TidingsCli.run(new String[] {"watch", "alice/demo", "--token=secret"}, Map.of(), new PrintStream(out), err);
    assertThat(code).isEqualTo(2);
    assertThat(errBytes.toString(StandardCharsets.UTF_8)).contains("never taken from the command line").doesNotContain("secret");
  }

  @Test
  void helpListsTheExitCodes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code = TidingsCli.run(new String[] {"watch", "--help"}, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8), err);
    assertThat(code).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("Exit codes:").contains("3   bad or revoked credentials")
        .contains("TIDINGS_TOKEN");
  }

  @Test
  void backOffDoublesUpToItsCeilingWithJitter() {
    DoubleSupplier top = () -> 0.999;
    Backoff b = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), top);
    assertThat(b.delay(1).toMillis()).isBetween(250L, 500L);
    assertThat(b.delay(3).toMillis()).isBetween(1000L, 2000L);
    assertThat(b.delay(20).toMillis()).isBetween(15_000L, 30_000L);
    assertThat(new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), () -> 0).delay(2).toMillis()).isEqualTo(500L);
  }
}
